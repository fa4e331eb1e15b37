"""The summary says when a loop's keeps follow another measured column than the metric its name
chose, with the figures, and leaves the choice to --metric."""

from __future__ import annotations

from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes

# bpb barely moves and its small moves do not decide anything; every kept run is the fastest yet.
SPEED_LOOP = "commit\ttokens_per_sec\tbpb\tstatus\tdescription\n" + "".join(
    f"{i:07x}\t{speed}\t{bpb}\t{status}\texperiment {i}\n"
    for i, (speed, bpb, status) in enumerate(
        [
            (2270, 0.9752, "keep"),
            (2260, 0.9751, "discard"),
            (2290, 0.9753, "keep"),
            (2150, 0.9750, "discard"),
            (2280, 0.9752, "discard"),
            (2310, 0.9754, "keep"),
            (2300, 0.9751, "discard"),
            (2200, 0.9750, "discard"),
            (2330, 0.9753, "keep"),
            (2320, 0.9749, "discard"),
            (2100, 0.9752, "discard"),
            (2340, 0.9754, "keep"),
            (2335, 0.9750, "discard"),
        ],
        start=1,
    )
)


def _notes(text: str, **options: object) -> list[str]:
    return [n for n in convert_bytes(text.encode(), "results.tsv", ConvertOptions(**options)).notes if "keeps follow" in n]  # type: ignore[arg-type]


def test_keeps_that_follow_another_column_are_pointed_out_with_their_figures() -> None:
    (note,) = _notes(SPEED_LOOP)
    assert note.startswith("results.tsv: the keeps follow tokens_per_sec rather than the metric bpb: ")
    assert "4 of 4 kept runs set a new best of tokens_per_sec (higher is better) and 8 of 8 discarded runs did not" in note
    assert note.endswith("pass --metric tokens_per_sec")


def test_nothing_is_said_when_the_keeps_follow_the_metric_or_the_user_named_it() -> None:
    # the same log with the two columns' roles swapped: bpb's new bests are the keeps
    swapped = SPEED_LOOP.replace("tokens_per_sec\tbpb", "speed_rank\tval_bpb")
    rows = swapped.splitlines()
    lowered = [rows[0]] + [
        "\t".join([c, f"{-float(s):g}", f"{2400 - float(s):g}", *rest]) for c, s, _, *rest in (r.split("\t") for r in rows[1:])
    ]
    assert _notes("\n".join(lowered) + "\n") == []
    assert _notes(SPEED_LOOP, metric="bpb") == []


def test_too_few_decided_rows_say_nothing() -> None:
    assert _notes("\n".join(SPEED_LOOP.splitlines()[:8]) + "\n") == []
