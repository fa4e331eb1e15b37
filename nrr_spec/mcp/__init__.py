"""The MCP face of nrr: the knowledge engine's tools for agents, over stdio (`nrr mcp`).

Like the CLI it is a face over the library: it parses a tool call, calls `nrr_spec.knowledge.api`,
and shapes the answer; nothing below it imports it. The server is in `server.py`.
"""
