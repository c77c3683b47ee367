"""
task-api in Python, built only from what `create-backend-practice spec task-api` writes
(openapi.json, stories.md, requests.http): the proof that the spec is language-neutral. The
pipeline (scripts/verify, tier 8) boots it on PostgreSQL and runs `check task-api` against it.

Debian's packages only: FastAPI 0.92 (Starlette), uvicorn, psycopg 3, PyJWT, argon2-cffi.
FastAPI's defaults differ from the contract (422 for validation, plain JSON errors, Pydantic
coercing 42 into "42"), so the handlers read the request themselves and validate by hand,
and one exception handler writes every error as problem+json.

Settings: DATABASE_URL, JWT_SECRET (at least 32 characters), ALLOWED_ORIGINS (comma-separated),
OPENAPI_FILE (the openapi.json `spec` wrote; default: spec/openapi.json beside this file).
"""

import base64
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import time
import uuid
from pathlib import Path

import jwt
import psycopg
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

DATABASE_URL = os.environ["DATABASE_URL"]
JWT_SECRET = os.environ["JWT_SECRET"]
if len(JWT_SECRET) < 32:
    raise SystemExit("JWT_SECRET must be at least 32 characters")
ALLOWED_ORIGINS = {origin.strip() for origin in os.environ.get("ALLOWED_ORIGINS", "").split(",") if origin.strip()}
OPENAPI_FILE = Path(os.environ.get("OPENAPI_FILE", Path(__file__).with_name("spec") / "openapi.json"))

ISSUER = AUDIENCE = "python-task-api"
ACCESS_TOKEN_SECONDS = 900
REFRESH_TOKEN_DAYS = 30
BODY_LIMIT_BYTES = 100 * 1024
MAX_PATH_PARAMETER = 100
RATE_LIMIT, RATE_WINDOW_SECONDS = 300, 60

# `\p{Cc}` of the document, written portably: the C0 and C1 control characters.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
REQUEST_ID = re.compile(r"^[\w.:-]{1,128}$")
STATUSES = ("todo", "in_progress", "done")
SORTS = {
    # sort → (SQL key, direction); NULL due dates sort last either way
    "-createdAt": ("tasks.created_at", "DESC"),
    "createdAt": ("tasks.created_at", "ASC"),
    "dueDate": ("COALESCE(tasks.due_date, 'infinity'::date)", "ASC"),
    "-dueDate": ("COALESCE(tasks.due_date, '-infinity'::date)", "DESC"),
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  family uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens (family);
CREATE TABLE IF NOT EXISTS tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  description text,
  status text NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done')),
  due_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS tasks_owner_created ON tasks (owner_id, created_at, id);
CREATE TABLE IF NOT EXISTS task_tags (
  task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  tag text NOT NULL,
  PRIMARY KEY (task_id, tag)
);
"""

hasher = PasswordHasher()
app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


# ---- problems (RFC 9457) -------------------------------------------------------------------


class Problem(Exception):
    def __init__(self, status, detail, errors=None, headers=None):
        self.status, self.detail, self.errors, self.headers = status, detail, errors, headers or {}


TITLES = {400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
          413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type", 429: "Too Many Requests",
          500: "Internal Server Error", 503: "Service Unavailable"}


def problem_response(status, detail, errors=None, headers=None):
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return Response(json.dumps(body), status_code=status, media_type="application/problem+json", headers=headers)


def invalid(field, message):
    return Problem(400, f"{field.lstrip('/')} {message}.", [{"field": field, "message": message}])


def unauthorized(detail):
    return Problem(401, detail, headers={"WWW-Authenticate": "Bearer"})


@app.exception_handler(Problem)
async def on_problem(_request, error: Problem):
    return problem_response(error.status, error.detail, error.errors, error.headers)


@app.exception_handler(StarletteHTTPException)
async def on_http_error(_request, error: StarletteHTTPException):
    # The framework's own 404 and 405, as problems too.
    detail = "No such route." if error.status_code == 404 else "This route does not take this method."
    return problem_response(error.status_code, detail, headers=getattr(error, "headers", None))


@app.exception_handler(Exception)
async def on_crash(_request, _error):
    return problem_response(500, "Something went wrong on our side.")


# ---- every answer: request id, CORS, rate limit ----------------------------------------------

windows = {}  # client → (window start, count)


@app.middleware("http")
async def http_basics(request: Request, call_next):
    incoming = request.headers.get("x-request-id", "")
    request_id = incoming if REQUEST_ID.match(incoming) else str(uuid.uuid4())
    origin = request.headers.get("origin")
    allowed = origin in ALLOWED_ORIGINS
    if request.method == "OPTIONS" and request.headers.get("access-control-request-method"):
        response = Response(status_code=204)
        if allowed:
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, PATCH, DELETE"
            response.headers["Access-Control-Allow-Headers"] = "authorization, content-type, x-request-id"
            response.headers["Access-Control-Max-Age"] = "600"
    else:
        limited = request.url.path.startswith("/v1/")
        left = reset = None
        if limited:
            now = time.time()
            client = request.client.host if request.client else "?"
            start, count = windows.get(client, (now, 0))
            if now - start >= RATE_WINDOW_SECONDS:
                start, count = now, 0
            windows[client] = (start, count + 1)
            reset = max(1, int(start + RATE_WINDOW_SECONDS - now))
            left = RATE_LIMIT - count - 1
        if limited and left < 0:
            response = problem_response(429, "Too many requests: wait and try again.", headers={"Retry-After": str(reset)})
        else:
            response = await call_next(request)
        if limited:
            response.headers["RateLimit"] = f'"default";r={max(left, 0)};t={reset}'
            response.headers["RateLimit-Policy"] = f'"default";q={RATE_LIMIT};w={RATE_WINDOW_SECONDS}'
    response.headers["X-Request-Id"] = request_id
    response.headers["Vary"] = "Origin"
    if allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "location, x-request-id, ratelimit, ratelimit-policy, retry-after"
    return response


# ---- request reading: the contract's rules, not the framework's ------------------------------


async def json_body(request: Request, required=True):
    """The body as a JSON object: 413 over the limit, 415 when not JSON, 400 when malformed."""
    raw = await request.body()
    if len(raw) > BODY_LIMIT_BYTES:
        raise Problem(413, f"The body is larger than {BODY_LIMIT_BYTES} bytes.")
    if not raw:
        if required:
            raise Problem(400, "The body is missing: send a JSON object.")
        return {}
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise Problem(415, "Send the body as application/json.")
    try:
        body = json.loads(raw)
    except ValueError:
        raise Problem(400, "The body is not valid JSON.")
    if not isinstance(body, dict):
        raise Problem(400, "The body must be a JSON object.")
    return body


def only_fields(body, allowed):
    for name in body:
        if name not in allowed:
            raise invalid(f"/{name}", "is not a known field")


def text(body, name, minimum, maximum, pattern_ok=lambda value: True):
    value = body[name]
    if not isinstance(value, str):  # never coerced: 42 is not "42"
        raise invalid(f"/{name}", "must be a string")
    if not minimum <= len(value) <= maximum:
        raise invalid(f"/{name}", f"must be {minimum} to {maximum} characters")
    if not pattern_ok(value):
        raise invalid(f"/{name}", "must not hold control characters")
    return value


def calendar_date(value, field):
    if not isinstance(value, str) or not DATE.match(value) or value.startswith("0000"):
        raise invalid(field, "must be a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise invalid(field, "must be a date the calendar has")


def tags_of(value):
    if not isinstance(value, list) or len(value) > 20:
        raise invalid("/tags", "must be a list of at most 20 tags")
    tags = []
    for index, tag in enumerate(value):
        if not isinstance(tag, str) or not 1 <= len(tag) <= 30 or CONTROL.search(tag) or not tag.strip():
            raise invalid(f"/tags/{index}", "must be 1 to 30 characters, not only spaces")
        tag = tag.strip().lower()  # stored trimmed and lowercase, duplicates merged
        if tag not in tags:
            tags.append(tag)
    return tags


def task_fields(body, creating):
    only_fields(body, ("title", "description", "status", "dueDate", "tags"))
    if creating and "title" not in body:
        raise invalid("/title", "is required")
    if not creating and not body:
        raise Problem(400, "Send at least one field to change.")
    fields = {}
    if "title" in body:
        fields["title"] = text(body, "title", 1, 200, lambda value: not CONTROL.search(value))
    if "description" in body:
        fields["description"] = None if body["description"] is None else text(body, "description", 0, 5000, lambda value: "\x00" not in value)
    if "status" in body:
        if body["status"] not in STATUSES:
            raise invalid("/status", "must be todo, in_progress or done")
        fields["status"] = body["status"]
    if "dueDate" in body:
        fields["dueDate"] = None if body["dueDate"] is None else calendar_date(body["dueDate"], "/dueDate")
    if "tags" in body:
        fields["tags"] = tags_of(body["tags"])
    return fields


def task_id(value):
    if len(value) > MAX_PATH_PARAMETER:
        raise Problem(414, "A part of the URL path is longer than this API accepts.")
    if not UUID.match(value):
        raise invalid("/id", "must be a UUID")
    return value


def timestamp(value: dt.datetime):
    """RFC 3339 in UTC with milliseconds: at most 30 characters, as the document says."""
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


# ---- database and tokens ----------------------------------------------------------------------


async def connect():
    return await psycopg.AsyncConnection.connect(DATABASE_URL, autocommit=True)


@app.on_event("startup")
async def create_schema():
    async with await connect() as db:
        await db.execute("SELECT pg_advisory_lock(4251)")
        await db.execute(SCHEMA)
        await db.execute("SELECT pg_advisory_unlock(4251)")


def access_token(user_id, email):
    now = int(time.time())
    claims = {"sub": str(user_id), "email": email, "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + ACCESS_TOKEN_SECONDS}
    return jwt.encode(claims, JWT_SECRET, algorithm="HS256")


def hashed(token):
    # Only a hash is stored: a leaked table holds no usable refresh token.
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_pair(db, user_id, email, family):
    refresh = secrets.token_urlsafe(32)
    expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=REFRESH_TOKEN_DAYS)
    await db.execute("INSERT INTO refresh_tokens (token_hash, user_id, family, expires_at) VALUES (%s, %s, %s, %s)",
                     (hashed(refresh), user_id, family, expires))
    return {"accessToken": access_token(user_id, email), "refreshToken": refresh, "tokenType": "Bearer", "expiresIn": ACCESS_TOKEN_SECONDS}


def caller(request: Request):
    """The user of a valid access token; checked before anything else the route does."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        raise unauthorized("An access token is required: send Authorization: Bearer <token>.")
    try:
        claims = jwt.decode(header[7:].strip(), JWT_SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER,
                            options={"require": ["exp", "iat", "sub", "iss", "aud"]})
    except jwt.ExpiredSignatureError:
        raise unauthorized("The access token has expired. Get a new one with POST /v1/auth/refresh.")
    except jwt.InvalidTokenError:
        raise unauthorized("The access token is not valid. Log in again with POST /v1/auth/login.")
    return claims["sub"], claims.get("email")


# ---- health and the document -----------------------------------------------------------------


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.get("/readyz")
async def readyz():
    try:
        async with await connect() as db:
            await db.execute("SELECT 1")
    except psycopg.Error:
        raise Problem(503, "The database cannot be reached.", headers={"Retry-After": "5"})
    return {"status": "ok", "checks": {"database": "ok"}}


@app.get("/openapi.json")
async def openapi():
    return Response(OPENAPI_FILE.read_bytes(), media_type="application/json")


# ---- accounts ---------------------------------------------------------------------------------


def credentials(body, password_minimum):
    only_fields(body, ("email", "password"))
    for name in ("email", "password"):
        if name not in body:
            raise invalid(f"/{name}", "is required")
    email = text(body, "email", 1, 254 + 64).strip().lower()
    if len(email) > 254 or not EMAIL.match(email):
        raise invalid("/email", "must be an email address")
    return email, text(body, "password", password_minimum, 128)


@app.post("/v1/auth/register")
async def register(request: Request):
    email, password = credentials(await json_body(request), 12)
    password_hash = await run_in_threadpool(hasher.hash, password)
    async with await connect() as db:
        try:
            row = await (await db.execute("INSERT INTO users (email, password_hash) VALUES (%s, %s) RETURNING id, created_at",
                                          (email, password_hash))).fetchone()
        except psycopg.errors.UniqueViolation:
            raise Problem(409, "An account with this email exists.")
    return JSONResponse({"id": str(row[0]), "email": email, "createdAt": timestamp(row[1])}, status_code=201, headers={"Location": "/v1/me"})


@app.post("/v1/auth/login")
async def login(request: Request):
    email, password = credentials(await json_body(request), 1)
    async with await connect() as db:
        row = await (await db.execute("SELECT id, password_hash FROM users WHERE email = %s", (email,))).fetchone()
        try:
            # An unknown email is hashed against too, so both failures take as long and read the same.
            await run_in_threadpool(hasher.verify, row[1] if row else hasher.hash("not-a-password"), password)
        except VerificationError:
            row = None
        if not row:
            raise unauthorized("The email or password is not correct.")
        return await issue_pair(db, row[0], email, uuid.uuid4())


def refresh_token_of(body):
    only_fields(body, ("refreshToken",))
    if "refreshToken" not in body:
        raise invalid("/refreshToken", "is required")
    return text(body, "refreshToken", 1, 256)


@app.post("/v1/auth/refresh")
async def refresh(request: Request):
    token = refresh_token_of(await json_body(request))
    async with await connect() as db:
        async with db.transaction():
            row = await (await db.execute(
                "SELECT r.user_id, r.family, r.used_at, r.revoked_at, r.expires_at, u.email FROM refresh_tokens r "
                "JOIN users u ON u.id = r.user_id WHERE token_hash = %s FOR UPDATE", (hashed(token),))).fetchone()
            if row and row[2] is not None:
                # A spent token used again: someone holds a copy. End the whole login.
                await db.execute("UPDATE refresh_tokens SET revoked_at = now() WHERE family = %s AND revoked_at IS NULL", (row[1],))
                row = None
            elif row and (row[3] is not None or row[4] <= dt.datetime.now(dt.timezone.utc)):
                row = None
            if row:
                await db.execute("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = %s", (hashed(token),))
                return await issue_pair(db, row[0], row[5], row[1])
    raise unauthorized("The refresh token is not valid (expired, revoked or already used). Log in again.")


@app.post("/v1/auth/logout", status_code=204)
async def logout(request: Request):
    token = refresh_token_of(await json_body(request))
    async with await connect() as db:
        # An unknown token is a 204 too: logging out twice is not an error.
        await db.execute("UPDATE refresh_tokens SET revoked_at = now() WHERE family = "
                         "(SELECT family FROM refresh_tokens WHERE token_hash = %s) AND revoked_at IS NULL", (hashed(token),))
    return Response(status_code=204)


@app.get("/v1/me")
async def me(request: Request):
    user_id, _ = caller(request)
    async with await connect() as db:
        row = await (await db.execute("SELECT id, email, created_at FROM users WHERE id = %s", (user_id,))).fetchone()
    if not row:
        raise unauthorized("The account of this token no longer exists.")
    return {"id": str(row[0]), "email": row[1], "createdAt": timestamp(row[2])}


# ---- tasks ------------------------------------------------------------------------------------

TASK_COLUMNS = ("tasks.id, tasks.title, tasks.description, tasks.status, tasks.due_date, tasks.created_at, tasks.updated_at, "
                "COALESCE((SELECT array_agg(tag ORDER BY tag) FROM task_tags WHERE task_id = tasks.id), '{}')")


def task_of(row):
    return {"id": str(row[0]), "title": row[1], "description": row[2], "status": row[3],
            "dueDate": row[4].isoformat() if row[4] else None, "tags": list(row[7]),
            "createdAt": timestamp(row[5]), "updatedAt": timestamp(row[6])}


async def one_task(db, owner, id):
    row = await (await db.execute(f"SELECT {TASK_COLUMNS} FROM tasks WHERE id = %s AND owner_id = %s", (id, owner))).fetchone()
    if not row:
        # Another user's task is "not found" too: its existence is not revealed.
        raise Problem(404, "No task with this id.")
    return task_of(row)


async def set_tags(db, id, tags):
    await db.execute("DELETE FROM task_tags WHERE task_id = %s", (id,))
    for tag in tags:
        await db.execute("INSERT INTO task_tags (task_id, tag) VALUES (%s, %s)", (id, tag))


@app.post("/v1/tasks")
async def create_task(request: Request):
    owner, _ = caller(request)
    fields = task_fields(await json_body(request), creating=True)
    async with await connect() as db:
        async with db.transaction():
            row = await (await db.execute(
                "INSERT INTO tasks (owner_id, title, description, status, due_date) VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (owner, fields["title"], fields.get("description"), fields.get("status", "todo"), fields.get("dueDate")))).fetchone()
            await set_tags(db, row[0], fields.get("tags", []))
        task = await one_task(db, owner, row[0])
    return JSONResponse(task, status_code=201, headers={"Location": f"/v1/tasks/{task['id']}"})


@app.get("/v1/tasks/{id}")
async def get_task(request: Request, id: str):
    owner, _ = caller(request)
    async with await connect() as db:
        return await one_task(db, owner, task_id(id))


@app.patch("/v1/tasks/{id}")
async def update_task(request: Request, id: str):
    owner, _ = caller(request)
    id = task_id(id)
    fields = task_fields(await json_body(request), creating=False)
    columns = {"title": "title", "description": "description", "status": "status", "dueDate": "due_date"}
    # Only the fields sent are changed: a field left out keeps its value.
    sets = [f"{columns[name]} = %s" for name in fields if name in columns]
    values = [fields[name] for name in fields if name in columns]
    async with await connect() as db:
        async with db.transaction():
            found = await (await db.execute(f"UPDATE tasks SET {', '.join(['updated_at = now()', *sets])} "
                                            "WHERE id = %s AND owner_id = %s RETURNING id", (*values, id, owner))).fetchone()
            if not found:
                raise Problem(404, "No task with this id.")
            if "tags" in fields:
                await set_tags(db, id, fields["tags"])
        return await one_task(db, owner, id)


@app.delete("/v1/tasks/{id}", status_code=204)
async def delete_task(request: Request, id: str):
    owner, _ = caller(request)
    async with await connect() as db:
        found = await (await db.execute("DELETE FROM tasks WHERE id = %s AND owner_id = %s RETURNING id", (task_id(id), owner))).fetchone()
    if not found:
        raise Problem(404, "No task with this id.")
    return Response(status_code=204)


def encode_cursor(sort, key, id):
    return base64.urlsafe_b64encode(json.dumps([sort, key, str(id)]).encode()).decode().rstrip("=")


def decode_cursor(cursor, sort):
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        cursor_sort, key, id = decoded
        if cursor_sort != sort or not isinstance(key, str) or not UUID.match(id):
            raise ValueError
        return key, id
    except (ValueError, TypeError):
        raise invalid("/cursor", "is not a cursor of this list with this sort")


@app.get("/v1/tasks")
async def list_tasks(request: Request):
    owner, _ = caller(request)
    query = request.query_params
    conditions, values = ["tasks.owner_id = %s"], [owner]
    if "status" in query:
        if query["status"] not in STATUSES:
            raise invalid("/status", "must be todo, in_progress or done")
        conditions.append("tasks.status = %s")
        values.append(query["status"])
    if "tag" in query:
        tag = query["tag"]
        if not 1 <= len(tag) <= 30 or CONTROL.search(tag) or not tag.strip():
            raise invalid("/tag", "must be 1 to 30 characters")
        conditions.append("EXISTS (SELECT 1 FROM task_tags WHERE task_id = tasks.id AND tag = %s)")
        values.append(tag.strip().lower())
    if "q" in query:
        # Every word must match, each as the start of a word of the title: `meet notes` → `meet:* & notes:*`.
        words = list(dict.fromkeys(re.findall(r"[^\W_]+", query["q"].lower())))
        if not words or len(query["q"]) > 200:
            raise invalid("/q", "must hold a word of 1 to 200 characters")
        if len(words) > 8:
            raise invalid("/q", "must hold at most 8 words")
        conditions.append("to_tsvector('simple', tasks.title) @@ to_tsquery('simple', %s)")
        values.append(" & ".join(f"{word}:*" if len(word) >= 2 else word for word in words))
    if "dueBefore" in query:
        conditions.append("tasks.due_date < %s")
        values.append(calendar_date(query["dueBefore"], "/dueBefore"))
    sort = query.get("sort", "-createdAt")
    if sort not in SORTS:
        raise invalid("/sort", f"must be one of {', '.join(SORTS)}")
    limit_text = query.get("limit", "20")
    if not re.fullmatch(r"\d{1,3}", limit_text) or not 1 <= int(limit_text) <= 100:
        raise invalid("/limit", "must be an integer from 1 to 100")
    limit = int(limit_text)
    key, direction = SORTS[sort]
    if "cursor" in query:
        after_key, after_id = decode_cursor(query["cursor"], sort)
        cast = "timestamptz" if "created_at" in key else "date"
        conditions.append(f"({key}, tasks.id) {'<' if direction == 'DESC' else '>'} (%s::{cast}, %s::uuid)")
        values += [after_key, after_id]
    async with await connect() as db:
        rows = await (await db.execute(
            f"SELECT {TASK_COLUMNS}, ({key})::text FROM tasks WHERE {' AND '.join(conditions)} "
            f"ORDER BY {key} {direction}, tasks.id {direction} LIMIT %s", (*values, limit + 1))).fetchall()
    page = rows[:limit]
    next_cursor = encode_cursor(sort, page[-1][8], page[-1][0]) if len(rows) > limit else None
    return {"items": [task_of(row) for row in page], "nextCursor": next_cursor}
