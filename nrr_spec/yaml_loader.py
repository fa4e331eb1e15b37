"""A safe YAML loader that refuses duplicate keys and alias bombs (billion laughs)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from .parse_errors import MAX_YAML_ALIASES, DuplicateKeyError, ParseKind, YamlProblem, kind_of

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_TAGS: dict[str, str] = {}  # both loaders resolve plain scalars alike (no timestamps)
_FastLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C speed where built


# mypy sees the mixin as the SafeLoader it is mixed into; at run time it adds only its methods.
_MixinBase: Any = yaml.SafeLoader if TYPE_CHECKING else object


class _StrictMixin(_MixinBase):
    """SafeLoader plus duplicate-key and alias limits; dates stay strings as in JSON."""

    aliases_seen = 0
    text_keys_only = True  # records: JSON data; other files nrr reads (mapping files) may key by number

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen += 1
            if self.aliases_seen > MAX_YAML_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlProblem(
                    f"more than {MAX_YAML_ALIASES} YAML aliases",
                    "Records do not need anchors and aliases; write the values out.",
                    mark.line + 1,
                    mark.column + 1,
                    kind=ParseKind.alias_bomb,
                )
        return super().compose_node(parent, index)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Plain scalars repeat across records (every key, most enum values): resolve each text once.
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < 100_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, IndexError, TypeError):
            # An explicit tag whose value does not fit it (`!!bool maybe`, `!!int` with nothing, `!!float abc`):
            # the base constructors fail with Python errors, not YAML ones.
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            shown = repr(node.value) if isinstance(node.value, str) else "this value"
            raise _at(node, f"{shown[:60]} is not a valid {tag}", "Remove the tag, or write a value of its type.") from None

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if not isinstance(node, yaml.MappingNode):  # `!!map [1, 2]`: a mapping tag on a list or a scalar
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            shape = "list" if isinstance(node, yaml.SequenceNode) else "scalar"
            raise _at(node, f"a {shape} is not a valid {tag}", "Remove the tag, or write a mapping.")
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue  # `<<: *anchor` is merged by the base class, not a key of its own
            # Plain string keys (nearly all) need no construction to be compared.
            key = key_node.value if key_node.tag == _STR_TAG else self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                raise _at(key_node, "mapping key is not a scalar", "Use plain strings as keys.")
            if not isinstance(key, str) and self.text_keys_only:
                # JSON keys are text: the validators refuse others, and JSON would turn 1 and "1" into one key.
                message = f"the key {key_node.value!r} is read as {kind_of(key)}, not text"
                raise _at(key_node, message, f'Quote it: "{key_node.value}".', ParseKind.not_json_data)
            if key in seen:
                err = DuplicateKeyError(str(key))
                raise _at(key_node, f"duplicate key {err.key!r}", "Keep one of the two values.", ParseKind.duplicate_key)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _at(node: Any, message: str, hint: str, kind: ParseKind = ParseKind.syntax) -> YamlProblem:
    """A problem with one node of the document, at the line and column where the node starts."""
    return YamlProblem(message, hint, node.start_mark.line + 1, node.start_mark.column + 1, kind=kind)


_INT64 = range(-(2**63), 2**63)


def _construct_int(loader: Any, node: Any) -> int:
    """YAML integers as the base loader reads them (hex, octal, underscores), bounded to 64 bits:
    larger ones fail the knowledge index and many JSON readers, and past 4,300 digits Python refuses them."""
    try:
        value: int = yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        if len(node.value) < 4000:
            raise  # not a number at all (`!!int abc`): construct_object says the value does not fit its tag
        value = 2**63  # too many digits to convert: out of range all the same
    if value not in _INT64:
        raise _at(
            node,
            f"the integer {node.value[:24]}{'...' if len(node.value) > 24 else ''} is outside the 64-bit range the tools carry",
            "Write the real value; a measurement this large is a number with an exponent (1e20), not an integer.",
            ParseKind.number_out_of_range,
        )
    return value


def _refuse_tag(loader: Any, node: Any) -> Any:
    """!!set, !!binary, !!omap and !!pairs make values JSON has no type for."""
    tag = node.tag.rsplit(":", 1)[-1]
    message = f"YAML tag !!{tag} makes a value JSON cannot hold"
    raise _at(node, message, "Write a plain list or mapping, or text, without the tag.", ParseKind.not_json_data)


# Dates and timestamps stay strings so YAML and JSON records validate alike.
class _FastStrictLoader(_StrictMixin, _FastLoader):  # type: ignore[misc,valid-type]
    """The C loader: its composer is native, so it cannot count aliases; used only without aliases."""


class _AliasCountingLoader(_StrictMixin, yaml.SafeLoader):
    """The pure-Python loader, whose composer counts aliases; used when the text has anchors."""


class _FastAnyKeyLoader(_FastStrictLoader):
    text_keys_only = False


class _AliasCountingAnyKeyLoader(_AliasCountingLoader):
    text_keys_only = False


for _loader in (_FastStrictLoader, _AliasCountingLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_str)
    _loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    for _tag in ("set", "binary", "omap", "pairs"):
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)
    _loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


MAX_DEPTH = 100


_LEAD = re.compile(r"^[ \t-]+", re.M)  # a line's indentation and compact "- " entries


def _depth_bound(text: str) -> int:
    """A cheap upper bound on the nesting depth of a YAML text.

    A block level needs one more character of indentation or a compact "- " at the start of a
    line (plus a mapping key on the line); a flow level needs a bracket.
    """
    flow = text.count("[") + text.count("{")
    lead = max(map(len, _LEAD.findall(text)), default=0)
    return flow + lead + 2


def _check_depth(text: str) -> None:
    """Refuse documents nested deeper than MAX_DEPTH before composing them: the C composer recurses
    natively, and a few hundred thousand levels would overflow the C stack instead of raising."""
    if _depth_bound(text) <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # events only
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml 0.2.6 and later stop at a nesting limit of their own (1,000 levels) before ours.
        if "nesting depth" not in (exc.problem or ""):
            raise
        raise _too_deep(exc.problem_mark) from None


def _too_deep(mark: Any) -> YamlProblem:
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return YamlProblem(
        f"document nested more than {MAX_DEPTH} levels deep",
        "Records are at most a few levels deep; flatten the document.",
        line,
        column,
        kind=ParseKind.too_deep,
    )


def load(text: str, *, text_keys: bool = True) -> Any:
    """Load YAML safely: duplicate keys, alias bombs, deep nesting and tags JSON has no type for are
    YamlProblems with a position; with `text_keys`, so are keys that are not text."""
    try:
        _check_depth(text)
        if "&" in text and "*" in text:
            loader: Any = _AliasCountingLoader if text_keys else _AliasCountingAnyKeyLoader
            data = yaml.load(text, Loader=loader)  # noqa: S506  (a SafeLoader)
            _check_expanded_size(data, text)
            return data
        return yaml.load(text, Loader=_FastStrictLoader if text_keys else _FastAnyKeyLoader)  # noqa: S506  (a SafeLoader)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(f"invalid YAML: {exc.problem or exc}", "Fix the YAML syntax at this position.", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}", "Fix the YAML syntax.") from None
    except ValueError as exc:  # the pure-Python scanner's own failures, e.g. an escape past U+10FFFF
        raise YamlProblem(f"invalid YAML: {exc}", "Fix the YAML syntax (check the escapes in quoted text).") from None
    except (KeyError, IndexError, TypeError) as exc:  # a constructor's own failure on a tagged value
        raise YamlProblem(f"invalid YAML: a tagged value cannot be read ({exc})", "Remove the explicit !!tags.") from None


MAX_EXPANDED_VALUES = 200_000


_ALIAS = re.compile(r"(?:^|[\s\[{,])(\*)[^\s,\]}]+")


def _check_expanded_size(data: Any, text: str) -> None:
    """Aliases share objects in memory but every consumer expands them: bound the expansion."""
    count = 0
    stack = [data]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_EXPANDED_VALUES:
            alias = _ALIAS.search(text)  # point at the first alias: where the expansion starts
            at = alias.start(1) if alias else 0
            raise YamlProblem(
                f"YAML aliases expand the document to more than {MAX_EXPANDED_VALUES:,} values",
                "Remove the anchors and aliases; a record is a few hundred values.",
                text.count("\n", 0, at) + 1,
                at - (text.rfind("\n", 0, at) + 1) + 1,
                kind=ParseKind.alias_bomb,
            )
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
