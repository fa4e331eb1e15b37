"""A diff's changes are what a person would name: repeats once, a class default under its constant,
code that only wires in a new setting folded into the setting; formatting and comments are no change."""

from __future__ import annotations

from nrr_spec.changes.fold import once, said_by
from nrr_spec.changes.pycode import python_changes


def _names(old: str, new: str) -> list[tuple[object, object, object, object]]:
    found = python_changes(old, new, "train.py")
    assert found is not None
    return [(c["parameter"], c["from"], c["to"], c["direction"]) for c in found]


GROUPS_OLD = """
class AdamW:
    def __init__(self, groups):
        for name in groups:
            if name == "wte":
                self.config[name] = {"lr": 0.6, "eps": 1e-10}
            elif name == "lm_head":
                self.config[name] = {"lr": 0.004, "eps": 1e-10}
            else:
                self.config[name] = {"lr": 0.04, "eps": 1e-10}
"""


def test_a_value_under_a_dict_key_is_named_by_the_key_and_the_same_edit_in_many_places_is_one_change() -> None:
    assert _names(GROUPS_OLD, GROUPS_OLD.replace("1e-10", "1e-8")) == [("eps", "1e-10", "1e-8", "increase")]


def test_a_class_default_set_by_the_module_constant_of_the_same_name_is_the_constants_change() -> None:
    old = "from dataclasses import dataclass\n\n@dataclass\nclass Config:\n    depth: int = 8\n\nDEPTH = 8\n"
    new = (
        "from dataclasses import dataclass\n\n@dataclass\nclass Config:\n    depth: int = 8\n    gate: bool = False\n\n"
        "DEPTH = 8\nGATE = True\n"
    )
    assert _names(old, new) == [("gate", None, "True", "add")]


WIRED_OLD = """
SCALE = 1.0

class Block:
    def __init__(self, config):
        self.proj = Linear(config.width)

    def forward(self, x):
        return self.proj(x) * SCALE

def report(values):
    print(values)
"""
WIRED_NEW = """
SCALE = 1.0
LAYER_GATE = True

class Block:
    def __init__(self, config):
        self.proj = Linear(config.width)
        self.gate = Parameter(ones(config.width)) if LAYER_GATE else None

    def forward(self, x):
        y = self.proj(x) * SCALE
        return y * self.gate if self.gate is not None else y

def report(values):
    print(sorted(values))
"""


def test_code_that_only_wires_in_a_new_setting_is_the_settings_change_and_other_edits_stay() -> None:
    # __init__ reads the new LAYER_GATE and assigns self.gate; forward reads self.gate: both wire it in.
    # report is edited for a reason of its own and stays a change of its own.
    assert sorted(_names(WIRED_OLD, WIRED_NEW), key=str) == [
        ("layer_gate", None, "True", "add"),
        ("report", None, None, "replace"),
    ]


def test_a_new_function_and_the_code_that_calls_it_are_one_change() -> None:
    old = "def main(x):\n    return model(x)\n"
    new = "def dampen(y):\n    return y * 0.5\n\ndef main(x):\n    return dampen(model(x))\n"
    assert _names(old, new) == [("dampen", None, None, "add")]


def test_comments_and_formatting_are_no_change() -> None:
    old = "LR = 0.04  # matrix\n\ndef f(x):\n    return x*2\n"
    new = "LR = 0.04  # the matrix learning rate\n\n\ndef f(x):\n    # doubled\n    return x * 2\n"
    assert _names(old, new) == []


def test_a_scripts_statements_are_one_change_named_by_the_file() -> None:
    old = "import plt\nfig = plt.figure()\nfig.ax.plot(xs, ys)\nfig.ax.set_xlim(0, 1)\n"
    new = "import plt\nfig = plt.figure()\nfig.ax.scatter(xs, ys)\nfig.ax.set_xlim(-1, len(xs))\n"
    assert _names(old, new) == [("train", None, None, "replace")]


OPTIONS = """
parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--batch-size", type=int, default=64, help="per device")
flags.DEFINE_float("weight_decay", 0.1, "decoupled decay")

def train(cfg):
    warmup = cfg.get("warmup_steps", 100)
"""


def test_a_setting_declared_by_name_is_named_by_it_and_its_documentation_is_no_change() -> None:
    new = (
        OPTIONS.replace("default=0.01", "default=0.02")
        .replace('default=64, help="per device"', 'default=128, help="per GPU"')
        .replace('0.1, "decoupled decay"', '0.05, "decay"')
        .replace("100)", "200)")
    )
    assert _names(OPTIONS, new) == [
        ("lr", "0.01", "0.02", "increase"),
        ("batch_size", "64", "128", "increase"),
        ("weight_decay", "0.1", "0.05", "decrease"),
        ("warmup_steps", "100", "200", "increase"),
    ]
    assert _names(OPTIONS, OPTIONS.replace('help="per device"', 'help="per GPU"')) == []


def test_a_number_passed_to_a_call_in_a_scripts_body_is_named_by_the_call_or_its_keyword() -> None:
    old = 'import torch\ntorch.manual_seed(42)\nmain(steps=1000, compile=True)\nprint("step", 1)\nplt.plot(xs)\n'
    new = old.replace("42", "1337").replace("compile=True", "compile=False")
    assert _names(old, new) == [("manual_seed", "42", "1337", "increase"), ("compile", "True", "False", "disable")]
    # what a call reports is no setting, and other edits of a script's body stay one change named by the file
    reported = old.replace('"step", 1', '"step", 2').replace("plt.plot(xs)", "plt.scatter(xs)")
    assert _names(old, reported) == [("train", None, None, "replace")]


def test_a_number_written_as_text_moves_as_a_number() -> None:
    old = 'LR = float(os.environ.get("LR", "0.01"))\n'
    assert _names(old, old.replace('"0.01"', '"0.002"')) == [("lr", '"0.01"', '"0.002"', "decrease")]
    assert _names(old, old.replace('"0.01"', '"auto"')) == [("lr", '"0.01"', '"auto"', "set")]


def test_once_keeps_the_first_of_repeated_changes() -> None:
    a = {"parameter": "eps", "from": "1e-10", "to": "1e-8", "direction": "increase", "location": "a.py:3"}
    b = {**a, "location": "b.py:9"}
    c = {**a, "to": "1e-6"}
    assert once([a, b, c]) == [a, c]


def test_a_description_reading_is_said_by_the_diff_when_its_values_are_the_diffs() -> None:
    diff = [
        {"parameter": "eps", "from": "1e-10", "to": "1e-8"},
        {"parameter": "total_batch_size", "from": "2**19", "to": "2**18"},
    ]
    assert said_by({"parameter": "adam_eps", "from": "1e-10", "to": "1e-08"}, diff)
    assert said_by({"parameter": "batch", "from": None, "to": "262144"}, diff)
    assert not said_by({"parameter": "adam_eps", "from": "1e-9", "to": "1e-8"}, diff)  # another start
    assert not said_by({"parameter": "warmup", "from": None, "to": "0.1"}, diff)
    assert not said_by({"parameter": "softcap", "from": None, "to": None}, diff)


def test_a_description_reading_is_said_by_the_diff_when_it_names_the_same_words() -> None:
    diff = [{"parameter": "smooth_labels", "from": "False", "to": "True"}, {"parameter": "vol_dampen", "from": None, "to": None}]
    assert said_by({"parameter": "label_smoothing", "from": None, "to": None}, diff)
    assert said_by({"parameter": "vol_dampening", "from": None, "to": "0.5"}, diff)
    assert not said_by({"parameter": "label_noise", "from": None, "to": None}, diff)
    assert not said_by({"parameter": "smooth", "from": None, "to": None}, diff)  # a part is not the name


def test_a_reading_without_a_value_is_said_by_a_diff_name_alike() -> None:
    diff = [
        {"parameter": "apply_regime_filter", "from": None, "to": None},
        {"parameter": "mod_add_qq", "from": None, "to": None},
        {"parameter": "force_trade_tracker_https", "from": None, "to": None},
        {"parameter": "mlp_call", "from": None, "to": None},
    ]
    assert said_by({"parameter": "crash_regime_filter", "from": None, "to": None}, diff)  # most words in common
    assert said_by({"parameter": "solinas_mod_add_qq", "from": None, "to": None}, diff)  # all of the code's words
    assert said_by({"parameter": "force_tradetracker_https", "from": None, "to": None}, diff)  # other separators
    assert not said_by({"parameter": "mlp", "from": None, "to": None}, diff)  # one word is in many names
    assert not said_by({"parameter": "regime_shift_detector", "from": None, "to": None}, diff)
    # a reading with a value says more than a code edit: it stays beside it
    assert not said_by({"parameter": "mlp", "from": "squared_relu", "to": "gelu"}, diff)
