"""A tool whose argument errors an agent can act on (`argument_errors`): the SDK's tool, with the
arguments checked before it runs, every problem reported at once, one line each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from pydantic import Field, ValidationError

from .argument_errors import argument_problems, message, unpaired

if TYPE_CHECKING:
    from mcp.server.mcpserver.context import Context


class CheckedTool(Tool):
    """`needs` maps an argument to the one it means nothing without (`value` to `metric`)."""

    needs: dict[str, str] = Field(default_factory=dict, exclude=True)

    @classmethod
    def needing(cls, fn: Callable[..., Any], needs: dict[str, str], **options: Any) -> CheckedTool:
        """The tool made from `fn` as `Tool.from_function` makes it, checking `needs` too."""
        tool = cls.from_function(fn, **options)
        assert isinstance(tool, CheckedTool)  # from_function builds `cls`
        tool.needs = dict(needs)
        return tool

    async def run(self, arguments: dict[str, Any], context: Context[Any, Any], convert_result: bool = False) -> Any:
        cause: ValidationError | None = None
        try:
            self.fn_metadata.validate_arguments(arguments)
            problems = []
        except ValidationError as exc:
            cause, problems = exc, argument_problems(self.name, self.parameters, exc)
        problems += unpaired(arguments, self.needs, self.parameters)
        if problems:
            raise ToolError(message(self.name, problems)) from cause
        return await super().run(arguments, context, convert_result)
