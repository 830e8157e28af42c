"""Sends hostile requests to a running cafesim and prints the table of docs/reliability.md.

    python3 docs/bad-requests.py [BASE [TOKEN_BASE]]

BASE (default http://127.0.0.1:8080) is a server started without an API token. TOKEN_BASE, if
given, is a second server started with CAFESIM_API_TOKEN set; the auth rows are sent to it (set
CAFESIM_API_TOKEN for this script too to add a row with the right token and a bad body).

It reports and never asserts: after the table, one line says whether /health is still UP,
how many runs were kept before and after, and which answers stand out (5xx, an error that is not
JSON, a hostile request answered 2xx, a run nobody meant to create). Python 3 standard library
only; run by hand against a running jar (CI does not run it).
"""
import gzip
import http.client
import json
import os
import sys
import unicodedata
import urllib.parse

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
TOKEN_BASE = sys.argv[2] if len(sys.argv) > 2 else None
TOKEN = os.environ.get("CAFESIM_API_TOKEN")
JSON = "application/json"
MAX_MESSAGE = 160


def send(base, method, path, body=None, ctype=JSON, headers=None, chunked=False):
    """(status, response headers, body bytes); status None if the connection failed."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=60)
    h = dict(headers or {})
    if ctype and body is not None:
        h["Content-Type"] = ctype
    data = body.encode() if isinstance(body, str) else body
    try:
        try:
            if chunked:
                conn.putrequest(method, path, skip_accept_encoding=True)
                for k, v in h.items():
                    conn.putheader(k, v)
                conn.putheader("Transfer-Encoding", "chunked")
                conn.endheaders()
                for i in range(0, len(data), 65536):
                    piece = data[i:i + 65536]
                    conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
                conn.send(b"0\r\n\r\n")
            else:
                conn.request(method, path, body=data, headers=h)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer (413, 414) and close before reading everything
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    except (OSError, http.client.HTTPException) as e:
        return None, {}, f"no answer: {type(e).__name__}".encode()
    finally:
        conn.close()


def cell(text, limit=MAX_MESSAGE):
    """One table cell: at most `limit` characters, no '|' or control character to break the row."""
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    out = []
    for ch in text:
        if ch == "|":
            out.append("\\|")
        elif ch == "<":
            out.append("&lt;")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            out.append("\\u%04x" % ord(ch) if ord(ch) < 0x10000 else "\\U%08x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


# Each case: (request label, method, path, body, content type, extra headers, options).
# options: "ok" = a 2xx is the right answer (HEAD, OPTIONS, reads); "creates" = creates a run on
# purpose (to DELETE it); "base" = send to TOKEN_BASE; "chunked" = send the body chunked.
cases = []


def case(label, method, path, body=None, ctype=JSON, headers=None, **options):
    cases.append((label, method, path, body, ctype, headers, options))


def post(label, body, path="/runs", **kw):
    case(label, "POST", path, body, **kw)


def customer(name):
    return json.dumps({"customers": [{"name": name, "drinks": ["espresso"]}]})


S = '"scenario":"five-jobs","speed":1000'

# (a) hostile bodies
post("speed NaN (bare token)", '{"scenario":"five-jobs","speed":NaN}')
post("speed Infinity (bare token)", '{"scenario":"five-jobs","speed":Infinity}')
post("speed -Infinity (bare token)", '{"scenario":"five-jobs","speed":-Infinity}')
post("failureRate NaN (bare token)", '{' + S + ',"failureRate":NaN}')
post('speed "NaN" (a string)', '{"scenario":"five-jobs","speed":"NaN"}')
post('speed "Infinity" (a string)', '{"scenario":"five-jobs","speed":"Infinity"}')
post('speed "-inf" (a string)', '{"scenario":"five-jobs","speed":"-inf"}')
post('failureRate "NaN" (a string)', '{' + S + ',"failureRate":"NaN"}')
post("speed 1e309 (beyond double)", '{"scenario":"five-jobs","speed":1e309}')
post("speed -1e309", '{"scenario":"five-jobs","speed":-1e309}')
post("failureRate 1e309", '{' + S + ',"failureRate":1e309}')
post("failureRate -1e309", '{' + S + ',"failureRate":-1e309}')
post("speed 1e-400 (below double: 0)", '{"scenario":"five-jobs","speed":1e-400}')
post("speed 1e-9 (the run would outlast max-duration)", '{"scenario":"five-jobs","speed":1e-9}')
post("baristas 99999999999999999999 (beyond int)", '{' + S + ',"baristas":99999999999999999999}')
post("body `null`", "null")
post("body an array", '[{"scenario":"five-jobs"}]')
post("body a number", "42")
post("body a string", '"five-jobs"')
post("body `true`", "true")
post('duplicate key {"speed":1,"speed":1000}', '{"scenario":"five-jobs","speed":1,"speed":1000}')
post("duplicate key in a customer", '{"customers":[{"name":"a","name":"b","drinks":["espresso"]}]}')
post("name with a line break (\\n)", customer("kim\nbob"))
post("name with a carriage return (\\r)", customer("kim\rbob"))
post("name with U+2028 (line separator)", customer("kim\u2028bob"))
post("name with an ANSI escape (\\u001b[31m)", customer("\u001b[31mkim"))
post("name with a bidi override (U+202E)", customer("kim\u202egnp.exe"))
post("name with U+0001", customer("kim\u0001"))
post("name with a lone surrogate (\\ud800)", '{"customers":[{"name":"kim\\ud800","drinks":["espresso"]}]}')
post("name of spaces only", customer("   "))
post("name of 65 characters", customer("k" * 65))
post("a raw (unescaped) line break inside a string", '{"customers":[{"name":"kim\nbob","drinks":["espresso"]}]}')
post("a drink name of 5,000 characters", json.dumps({"customers": [{"drinks": ["x" * 5000]}]}))
post("a scenario name with an ANSI escape", '{"scenario":"five\\u001b[31m-jobs"}')
post("body gzip-compressed (Content-Encoding: gzip)", gzip.compress(('{' + S + '}').encode()),
     headers={"Content-Encoding": "gzip"})
post("Content-Encoding: deflate", '{' + S + '}', headers={"Content-Encoding": "deflate"})
post("wrong content type (text/plain)", '{' + S + '}', ctype="text/plain")
post("form content type", "scenario=five-jobs", ctype="application/x-www-form-urlencoded")
post("no content type", '{' + S + '}', ctype=None)
post("empty body", "")
post("malformed JSON", '{"scenario":')
post("a body that is not UTF-8 (a Latin-1 \\xe9 in a name)",
     b'{"speed":1000,"customers":[{"name":"caf\xe9","drinks":["espresso"]}]}')
post("an unknown key of 40,000 characters", '{"' + "k" * 40000 + '":1}')
post("a bare token of 400 characters", '{"scenario":' + "x" * 400 + '}')
# (b2) times no timeline reaches
post("virtual clock, a customer arriving at 1e13 s",
     '{"clock":"virtual","customers":[{"drinks":["latte"],"arriveAtSeconds":1e13}]}')
post("virtual clock, guests at 1e-320 a second",
     '{"clock":"virtual","arrivals":{"count":5,"perSecond":1e-320,"drinks":["latte"]}}')
post("realtime, a customer arriving at 1e7 s (too long even at top speed)",
     '{"speed":1000,"customers":[{"drinks":["latte"],"arriveAtSeconds":1e7}]}')
post("a drink of 1e-320 s", '{"menu":[{"name":"mocha","brewSeconds":1e-320}],"customers":[{"drinks":["mocha"]}]}')
post("warmupSeconds 1e308", '{' + S + ',"warmupSeconds":1e308}')
# (d2) names that could pass for other columns of a text log line
post("a name with spaces, posing as more columns", customer("kim    9.000s  RUN_COMPLETED"))
post("a name that is '-' (no one, in the logs)", customer("-"))
post("a listed name an arriving guest has", json.dumps({"speed": 1000, "customers": [
    {"name": "guest-2", "drinks": ["latte"]}], "arrivals": {"count": 2, "process": "at-once",
    "drinks": ["espresso"]}}))
post("trailing text after the object", '{' + S + '} x')
post("two objects in one body", '{' + S + '}{' + S + '}')
post("invalid UTF-8", b'{"scenario":"five-jobs\xff\xfe"}')
post("unknown field", '{' + S + ',"colour":"red"}')
post("unknown field in a customer", '{"customers":[{"drinks":["espresso"],"size":"L"}]}')
post("JSON nested 100,000 deep", '{"customers":' + "[" * 100000 + "]" * 100000 + "}")
post("objects nested 5,000 deep in an unknown field", '{"x":' + '{"x":' * 5000 + "1" + "}" * 5001)
post("a number of 1,200 digits", '{' + S + ',"seed":1' + "0" * 1199 + '}')
post("a body over 2 MiB", '{' + S + ',"pad":"' + "x" * 2200000 + '"}')
post("a body over 2 MiB, chunked", json.dumps({"customers": [{"drinks": ["espresso"] * 100}] * 2000}),
     chunked=True)
post("1,001 customers", json.dumps({"customers": [{"drinks": ["espresso"]}] * 1001}))
post("500,000 customers (`{}` each)", '{"customers":[' + ",".join(["{}"] * 500000) + "]}")
post("1,000 customers of 100 lattes at speed 1 (too long a run)",
     json.dumps({"customers": [{"drinks": ["latte"] * 100}] * 1000}, separators=(",", ":")))
post("a mode", '{"scenario":"five-jobs","mode":"sync"}', path="/runs/compare")
post("speed NaN", '{"scenario":"five-jobs","speed":NaN}', path="/runs/compare")

# (d) forging a log line through a name
post("name forging a log line", customer("kim\n11:30:00.000 ERROR ErrorHandling   FORGED LINE"))
post("customer name forging a log line (\\r\\n)", customer("kim\r\n11:30:00.000 INFO  Run FORGED"))

# (b) hostile query parameters
case("unknown parameter", "GET", "/runs?limt=5")
case("unknown parameter", "GET", "/health?verbose=1")
case("repeated parameter", "GET", "/runs?limit=5&limit=6")
post("repeated parameter", '{' + S + '}', path="/runs?wait=true&wait=false")
post("empty parameter", '{' + S + '}', path="/runs?wait=")
post("not a boolean", '{' + S + '}', path="/runs?wait=maybe")
post("not a boolean", '{' + S + '}', path="/runs?wait=1")
case("empty parameter", "GET", "/runs?limit=")
case("not a number", "GET", "/runs?limit=abc")
case("out of range", "GET", "/runs?limit=0")
case("out of range", "GET", "/runs?limit=1001")
case("out of range", "GET", "/runs?limit=-1")
case("beyond int", "GET", "/runs?limit=99999999999")
case("with a NUL", "GET", "/runs?limit=5%00")
post("a parameter on /runs/compare", '{' + S + '}', path="/runs/compare?wait=true")

# (c) methods and paths; the runs created on purpose to be deleted come first
FINISHED = '{' + S + '}'
post("(creates a run on purpose) a finished run", FINISHED, path="/runs?wait=true", creates=True)
post("(creates a run on purpose) a running run", '{"scenario":"five-jobs","speed":0.01}',
     creates=True)
case("unknown format", "GET", "/runs/{finished}/trace?format=bogus")
case("repeated format", "GET", "/runs/{finished}/trace?format=json&format=text")
case("a parameter it does not take", "GET", "/runs/{finished}/timeline.svg?format=svg")
case("DELETE of a finished run", "DELETE", "/runs/{finished}")
case("DELETE of a running run", "DELETE", "/runs/{running}", ok=True)
case("DELETE of it again", "DELETE", "/runs/{running}")
case("DELETE of an unknown run", "DELETE", "/runs/run-0000000000000000")
case("", "HEAD", "/health", ok=True)
case("", "HEAD", "/runs", ok=True)
case("", "OPTIONS", "/runs", ok=True)
case("", "OPTIONS", "/runs/compare", ok=True)
case("a run", "OPTIONS", "/runs/{finished}", ok=True)
case("unknown path", "OPTIONS", "/nope")
case("", "PUT", "/runs", '{' + S + '}')
case("", "DELETE", "/runs")
case("", "GET", "/runs/compare")
case("PATCH a run", "PATCH", "/runs/{finished}", '{"status":"CANCELLED"}')
case("an unknown method", "BREW", "/runs")
case("an unknown path", "GET", "/orders")
case("a path below a run's", "GET", "/runs/{finished}/trace/extra")
case("an over-long path (3,000 characters)", "GET", "/runs/" + "r" * 3000)
case("a run id of 1,000 characters", "GET", "/runs/run-" + "a" * 996)
case("encoded traversal", "GET", "/runs/..%2F..%2Fetc%2Fpasswd")
case("encoded dot segments", "GET", "/runs/%2e%2e/%2e%2e/etc/passwd")
case("run id with a NUL and a line break", "GET", "/runs/run-%00%0aFORGED")
case("run id with an ANSI escape and U+202E", "GET", "/runs/%1b%5b31m%E2%80%AEdi-nur")
case("run id of invalid UTF-8 (%ff)", "GET", "/runs/%ff%fe")
case("a header value of 9,000 characters", "GET", "/health", headers={"X-Big": "x" * 9000})

# (e) auth, on a server with CAFESIM_API_TOKEN set
if TOKEN_BASE:
    body = '{' + S + '}'
    post("token server: POST without a token", body, base=True)
    post("token server: POST with a wrong token", body, base=True,
         headers={"Authorization": "Bearer wrong"})
    post("token server: the token as Basic credentials", body, base=True,
         headers={"Authorization": "Basic czNjcmV0"})
    post("token server: POST /runs/compare without a token", body, path="/runs/compare", base=True)
    case("token server: DELETE without a token", "DELETE", "/runs/run-0000000000000000", base=True)
    post("token server: POST to an unknown path without a token", body, path="/nope", base=True)
    case("token server: GET /health without a token", "GET", "/health", base=True, ok=True)
    case("token server: OPTIONS /runs without a token", "OPTIONS", "/runs", base=True, ok=True)
    if TOKEN:
        post("token server: the right token, speed NaN", '{"scenario":"five-jobs","speed":NaN}',
             base=True, headers={"Authorization": "Bearer " + TOKEN})


def run_ids(base):
    status, _, body = send(base, "GET", "/runs?limit=1000")
    return [r["runId"] for r in json.loads(body)["runs"]] if status == 200 else None


def health(base):
    status, _, body = send(base, "GET", "/health")
    try:
        return json.loads(body)["status"]
    except ValueError:
        return f"{status} (not JSON)"


def describe(method, status, headers, body):
    """(field, message) for the table, and whether the answer is an error that is not JSON."""
    ctype = headers.get("Content-Type", "") if headers else ""
    if status is None:
        return "", body.decode(), False
    if method == "HEAD":
        return "", (f"Content-Type: {ctype}, Content-Length: {headers.get('Content-Length')},"
                    f" {len(body)} bytes of body"), False
    if method == "OPTIONS" and status < 300:
        return "", f"Allow: {headers.get('Allow')}", False
    text = body.decode("utf-8", "replace")
    if ctype.startswith(JSON):
        try:
            answer = json.loads(text)
        except ValueError:
            return "", f"(invalid JSON) {text}", status >= 400
        if isinstance(answer, dict) and "message" in answer:
            return answer.get("field") or "", answer["message"], False
        if isinstance(answer, dict) and "runId" in answer:
            return "", f"run {answer['runId']} {answer.get('status')}", False
        return "", text, False
    return "", f"({ctype or 'no content type'}) {text}", status >= 400


before = {BASE: run_ids(BASE)}
if TOKEN_BASE:
    before[TOKEN_BASE] = run_ids(TOKEN_BASE)
made = {}          # run ids created on purpose: "finished", "running"
odd = []           # answers that stand out
print("| request | status | field | message |")
print("|---|---|---|---|")
for label, method, path, body, ctype, headers, options in cases:
    base = TOKEN_BASE if options.get("base") else BASE
    path = path.format(**made) if "{" in path and made else path
    status, rheaders, rbody = send(base, method, path, body, ctype, headers,
                                   chunked=options.get("chunked", False))
    field, message, not_json = describe(method, status, rheaders, rbody)
    if options.get("creates") and status in (200, 202):
        made["finished" if "finished" in label else "running"] = json.loads(rbody)["runId"]
    shown = f"`{method} {cell(path, 48)}` {label}".rstrip()
    print(f"| {shown} | {status or '—'} | {cell(field, 40)} | {cell(message)} |")
    if status is None or status >= 500:
        odd.append(f"{label}: {status or 'no answer'}")
    elif not_json:
        odd.append(f"{label}: {status} not JSON")
    elif 200 <= status < 300 and not options.get("ok") and not options.get("creates"):
        odd.append(f"{label}: {status} (hostile input accepted)")

created_on_purpose = set(made.values())
print()
line = [f"After these {len(cases)} requests ({len(created_on_purpose)} of them creating"
        f" the runs to DELETE): `/health` says {health(BASE)}"]
for base, ids in before.items():
    after = run_ids(base)
    if ids is None or after is None:
        line.append(f"runs at {base}: could not be listed")
        continue
    unexpected = [r for r in after if r not in ids and r not in created_on_purpose]
    extra = (f" ({len(set(after) & created_on_purpose)} of them created on purpose)"
             if base == BASE else "")
    line.append(f"runs kept {'on the token server ' if base != BASE else ''}before {len(ids)},"
                f" after {len(after)}{extra}; created by a hostile request: "
                + (", ".join(unexpected) if unexpected else "none"))
if TOKEN_BASE:
    line[0] += f", on the token server {health(TOKEN_BASE)}"
line.append("answers that stand out (5xx, not JSON, hostile input accepted): "
            + ("; ".join(odd) if odd else "none"))
print("; ".join(line) + ".")
