"""Request guard (plain ASGI): a body-size limit, strict JSON, and HEAD wherever GET is.

- **Body limit**: a request whose ``Content-Length`` is over ``max_body`` (1 MiB by default, ``heroes serve
  --max-body``) is answered 413 before anything is read; a body without a length is read up to the limit and
  refused at the first byte over it. Nothing is parsed first.
- **Strict JSON**: a JSON body is checked before a route sees it: ``NaN``, ``Infinity`` and lone UTF-16
  surrogates (``"\\ud800"``) are valid to Python's json module but cannot be encoded back, so they used to turn a
  validation message or a result into a server error; they are refused with 422 and FastAPI's error shape.
- **HEAD**: answered as GET without the body (FastAPI's routes declare GET only), so monitors and link checkers
  get the headers they ask for instead of 405.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 1 << 20
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class BodyTooLarge(Exception):
    pass


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def json_problem(body: bytes) -> str | None:
    """Why ``body`` is not strict JSON (RFC 8259 text that can be encoded back), or None."""
    try:
        text = body.decode("utf-8")
        value = json.loads(text, parse_constant=_refuse_constant)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # lone surrogates cannot be encoded
    except UnicodeDecodeError:
        return "the body is not UTF-8"
    except UnicodeEncodeError:
        return "the JSON holds a lone surrogate (an unpaired \\ud800-\\udfff escape)"
    except RecursionError:
        return "the JSON is nested too deeply"
    except ValueError as exc:  # JSONDecodeError included
        return str(exc)
    return None


def _json_response(status: int, body: Any) -> tuple[Message, Message]:
    data = json.dumps(body, ensure_ascii=True).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())],
    }
    return start, {"type": "http.response.body", "body": data}


class RequestGuard:
    """ASGI middleware in front of every route: a body-size limit, strict JSON, and HEAD wherever GET is."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def _read(self, receive: Receive) -> list[Message]:
        """Every body message, or BodyTooLarge at the first byte over the limit."""
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return messages
            size += len(message.get("body", b""))
            if size > self.max_body:
                raise BodyTooLarge
            if not message.get("more_body", False):
                return messages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
            return
        if scope["method"] not in BODY_METHODS:  # GET and the like: no route reads a body
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        length = headers.get("content-length")
        too_large = _json_response(413, {"detail": f"the request body is larger than {self.max_body} bytes"})
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            for message in too_large:
                await send(message)
            return
        try:
            messages = await self._read(receive)
        except BodyTooLarge:
            for message in too_large:
                await send(message)
            return
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/json" or content_type.endswith("+json"):
            body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
            problem = json_problem(body) if body else None
            if problem:
                error = {"type": "json_invalid", "loc": ["body"], "msg": f"JSON decode error: {problem}"}
                for message in _json_response(422, {"detail": [error]}):
                    await send(message)
                return
        await self.app(scope, _replay(messages, receive), send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


def _without_body(send: Send) -> Send:
    async def strip(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return strip
