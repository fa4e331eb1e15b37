"""Rows a cell or two short of the header, put under the columns their cells fit (`cell_kinds`)."""

from __future__ import annotations

from converting import experiments_of

from nrr_spec.convert.cell_kinds import ColumnKinds, cell_kind
from nrr_spec.convert.pipeline import convert_bytes

HEADER = ["run_id", "timestamp", "description", "val_rmse", "train_rmse", "kept", "notes"]
FULL = [
    [str(i), f"2026-05-06T13:{i:02d}:15", f"try change number {i}", f"1.3{i}", f"0.6{i}", "no", "" if i % 2 else "hurts"]
    for i in range(8)
]


def test_cells_are_told_apart_by_what_they_hold() -> None:
    kinds = [cell_kind(c) for c in ["", "NaN", "1.2686", "2026-05-06T18:28:15.944", "regression", "Mixup alpha=0.46", "-"]]
    assert kinds == ["empty", "missing", "number", "time", "word", "text", "missing"]


def test_a_row_that_dropped_a_middle_column_goes_under_the_columns_its_cells_fit() -> None:
    kinds = ColumnKinds.learn(HEADER, FULL)
    assert kinds is not None
    row = ["100", "drug-only Mixup", "1.2699", "0.8924", "regression", "", ""]  # padded to the header's width
    where = kinds.place(row)
    assert where is not None and kinds.left_empty(where) == ["timestamp", "notes"]
    assert kinds.spread(row, where) == ["100", "", "drug-only Mixup", "1.2699", "0.8924", "regression", ""]


def test_a_row_short_of_its_last_cells_is_read_from_the_left() -> None:
    kinds = ColumnKinds.learn(HEADER, FULL)
    assert kinds is not None
    assert kinds.place(["8", "2026-05-06T14:00:00", "wider MLP", "1.30", "0.61", "no"]) is None
    assert kinds.place(FULL[3]) is None  # a full row


def test_nothing_is_learned_when_most_rows_are_short() -> None:
    short = [row[:-1] for row in FULL]
    assert ColumnKinds.learn(HEADER, short + FULL[:3]) is None
    assert ColumnKinds.learn(HEADER, FULL[:4]) is None  # too few rows to say what a column holds


def test_a_row_far_shorter_than_the_header_is_left_alone() -> None:
    kinds = ColumnKinds.learn(HEADER, FULL)
    assert kinds is not None
    assert kinds.place(["100", "regression", "x"]) is None


LOG = (
    "run_id,timestamp,description,val_rmse,train_rmse,kept,notes\n"
    "0,2026-05-06T13:52:15,baseline MLP,1.319,0.6583,yes,\n"
    "1,2026-05-06T13:54:48,LayerNorm in hidden block instead of BatchNorm,1.36,0.6607,no,\n"
    "2,2026-05-06T13:57:10,dropout 0.2 -> 0.1,1.30,0.6500,yes,better\n"
    "3,2026-05-06T14:01:02,mixup alpha=0.4,1.29,0.6400,yes,\n"
    "4,2026-05-06T14:04:40,hidden 512 -> 1024,1.33,0.6300,no,overfits\n"
    "5,2026-05-06T14:08:01,weight decay 1e-4,1.31,0.6350,no,\n"
    "6,2026-05-06T14:11:30,warmup 100 -> 200,1.32,0.6390,no,\n"
    "7,2026-05-06T14:15:12,batch size 256 -> 512,1.34,0.6410,no,slower\n"
    "8,2026-05-06T14:18:45,GELU instead of ReLU,1.30,0.6420,no,\n"
    "9,2026-05-06T14:22:03,mixup alpha=0.45,1.295,0.6380,no,\n"
    "10,mixup alpha=0.46,1.2986,0.7811,regression,,\n"
    "11,dropout 0.1 -> 0.05,1.2849,0.6981,yes,,\n"
)


def test_a_log_that_stops_writing_its_timestamps_reads_the_later_rows_whole() -> None:
    experiments = experiments_of(LOG, "results.csv")
    assert [e["description"] for e in experiments[10:]] == ["mixup alpha=0.46", "dropout 0.1 -> 0.05"]
    assert [e["metric"]["value"] for e in experiments[10:]] == [1.2986, 1.2849]
    assert [e["outcome"] for e in experiments[10:]] == ["discard", "keep"]
    assert experiments[11]["changes"] == [{"parameter": "dropout", "from": "0.1", "to": "0.05", "direction": "decrease"}]


def test_the_summary_names_the_column_the_short_rows_leave_empty() -> None:
    result = convert_bytes(LOG.encode(), "results.csv")
    [note] = [n for n in result.notes if "read by what their cells hold" in n]
    assert note.startswith("results.csv:12: 2 row(s) have 2 cell(s) fewer than the header")
    assert "`timestamp`, `notes` left empty" in note and "--map" in note
