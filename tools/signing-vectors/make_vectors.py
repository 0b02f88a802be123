#!/usr/bin/env python3
"""Generate SDK-HMAC-SHA256 signing test vectors with the official Huawei Cloud
Python SDK (``huaweicloudsdkcore`` / ``huaweicloudsdkiam`` from PyPI).

This script is ours: it only *calls* the SDK. Nothing from the SDK is copied.
It writes two files (paths relative to the repository root):

* ``tests/vectors/signing.json`` -- for each case, the request exactly as the
  SDK's signer saw it (method, host, decoded path, query pairs, every header,
  body) plus what the signer produced (canonical request, string to sign,
  signature, signed headers, Authorization value).
* ``tests/vectors/sdk_wire.json`` -- what the SDK's real IAM clients put on the
  wire (request line target, headers in order, body bytes) for the three MFA
  operations, captured by a small HTTP server on 127.0.0.1.

Determinism: the signer's clock is fixed (the module-level ``datetime`` of the
SDK's signer module is replaced by a subclass whose ``utcnow`` returns a fixed
instant), keys are fixed fake values, the User-Agent environment part is made
from fixed platform values and a fixed application id, the capture server uses
a fixed port, and JSON is written with sorted keys.

Run with the interpreter of a virtualenv that has the SDK installed, see
README.md next to this file.
"""

import argparse
import datetime
import http.server
import json
import os
import platform
import sys
import tempfile
import threading
from urllib.parse import unquote

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# --------------------------------------------------------------------------
# Fixed inputs. None of these are real credentials.
# --------------------------------------------------------------------------
ACCESS_KEY = "HPUAEXAMPLEACCESSKEY"
SECRET_KEY = "ExampleSecretKey0123456789abcdefghijklmn"
DOMAIN_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
SECURITY_TOKEN = "gQpjbi1ub3J0aC00EXAMPLE+SecurityToken/with=padding"
USER_ID = "07609fb9358010e21f7bc003751c7c32"
REAL_HOST_ENDPOINT = "https://iam.myhuaweicloud.com"

CLOCK_MAIN = datetime.datetime(2026, 3, 14, 9, 26, 53)
CLOCK_LEAP = datetime.datetime(2024, 2, 29, 23, 59, 59)

# The SDK builds the environment part of its User-Agent from platform
# information and an application id kept in ~/.huaweicloud/application_id.
# These values pin it so the output does not depend on the machine.
FIXED_APP_ID = "00000000-0000-4000-8000-000000000000"
FIXED_PLATFORM = {
    "system": "Linux",
    "version": "1",
    "machine": "x86_64",
    "python_version": "3.11.7",
    "python_implementation": "CPython",
}

DEFAULT_PORT = 47821


def prepare_environment():
    """Pin everything the SDK reads from the environment, then import it."""
    home = tempfile.mkdtemp(prefix="hwc-sdk-home-")
    os.makedirs(os.path.join(home, ".huaweicloud"))
    with open(os.path.join(home, ".huaweicloud", "application_id"), "w", encoding="utf-8") as f:
        f.write(FIXED_APP_ID)
    os.environ["HOME"] = home
    os.environ["USERPROFILE"] = home
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ.pop(var, None)
    os.environ["NO_PROXY"] = "*"

    saved = {}
    for name, value in FIXED_PLATFORM.items():
        saved[name] = getattr(platform, name)
        setattr(platform, name, lambda value=value: value)
    try:
        # The User-Agent string is computed once, when this module is imported.
        import huaweicloudsdkcore.http.user_agent  # noqa: F401
    finally:
        for name, func in saved.items():
            setattr(platform, name, func)


prepare_environment()

from importlib.metadata import version as dist_version  # noqa: E402

from huaweicloudsdkcore.auth.credentials import Credentials, GlobalCredentials  # noqa: E402
from huaweicloudsdkcore.http.user_agent import user_agent_string  # noqa: E402
from huaweicloudsdkcore.sdk_request import SdkRequest  # noqa: E402
from huaweicloudsdkcore.signer import signer as sdk_signer_module  # noqa: E402
from huaweicloudsdkcore.signer.algorithm import SigningAlgorithm  # noqa: E402
from huaweicloudsdkiam.v3 import IamClient as IamClientV3  # noqa: E402
from huaweicloudsdkiam.v3 import model as v3_model  # noqa: E402
from huaweicloudsdkiam.v5 import IamClient as IamClientV5  # noqa: E402
from huaweicloudsdkiam.v5 import model as v5_model  # noqa: E402


# --------------------------------------------------------------------------
# Fixed clock for the SDK's signer.
# --------------------------------------------------------------------------
class FixedClock(datetime.datetime):
    """Replaces ``datetime`` inside the SDK's signer module."""

    now_value = CLOCK_MAIN

    @classmethod
    def utcnow(cls):
        return cls.now_value


sdk_signer_module.datetime = FixedClock


# --------------------------------------------------------------------------
# A signer that records the intermediate values of the SDK's own signer.
# Every method below delegates to the SDK's implementation unchanged.
# --------------------------------------------------------------------------
class RecordingSigner(sdk_signer_module.Signer):
    records = []

    def sign(self, request):
        self._record = {}
        signed = super().sign(request)
        self._record["uri"] = signed.uri
        self._record["authorization_header"] = signed.header_params["Authorization"]
        RecordingSigner.records.append(self._record)
        return signed

    def _process_signed_headers(self, request):
        # Called after the SDK added X-Sdk-Date / Host / X-Sdk-Content-Sha256
        # and before it canonicalises (and rewrites) the header values.
        self._record["method"] = request.method
        self._record["host"] = request.host
        self._record["resource_path"] = request.resource_path
        self._record["query"] = [[k, v] for k, v in (request.query_params or [])]
        self._record["headers"] = [[k, v] for k, v in request.header_params.items()]
        body = request.body
        self._record["body"] = b"" if body is None else body
        return super()._process_signed_headers(request)

    def _process_canonical_request(self, request, signed_headers):
        value = super()._process_canonical_request(request, signed_headers)
        self._record["canonical_request"] = value
        self._record["signed_headers"] = ";".join(signed_headers)
        return value

    def _process_string_to_sign(self, canonical_request, time):
        value = super()._process_string_to_sign(canonical_request, time)
        self._record["string_to_sign"] = value
        return value

    def _sign_string_to_sign(self, string_to_sign, key):
        value = super()._sign_string_to_sign(string_to_sign, key)
        self._record["signature"] = value
        return value

    def _process_auth_header_value(self, signature, app_key, signed_headers):
        value = super()._process_auth_header_value(signature, app_key, signed_headers)
        self._record["authorization"] = value
        return value


Credentials._SIGNER_CASE[SigningAlgorithm.HMAC_SHA256] = RecordingSigner


def take_record():
    if len(RecordingSigner.records) != 1:
        raise RuntimeError("expected exactly one signing, got %d" % len(RecordingSigner.records))
    return RecordingSigner.records.pop()


# --------------------------------------------------------------------------
# Credentials and clients.
# --------------------------------------------------------------------------
CREDENTIAL_KINDS = {
    "aksk_domain_id": {"domain_id": DOMAIN_ID, "security_token": None},
    "aksk_domain_id_security_token": {"domain_id": DOMAIN_ID, "security_token": SECURITY_TOKEN},
    "aksk_no_domain_id": {"domain_id": None, "security_token": None},
}


def make_credentials(kind):
    spec = CREDENTIAL_KINDS[kind]
    cred = GlobalCredentials(ACCESS_KEY, SECRET_KEY, spec["domain_id"])
    if spec["security_token"] is not None:
        cred = cred.with_security_token(spec["security_token"])
    return cred


def credentials_json(kind):
    spec = CREDENTIAL_KINDS[kind]
    return {
        "kind": kind,
        "class": "GlobalCredentials",
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "domain_id": spec["domain_id"],
        "security_token": spec["security_token"],
    }


def make_client(client_cls, endpoint, kind):
    return (client_cls.new_builder()
            .with_credentials(make_credentials(kind))
            .with_endpoints([endpoint])
            .build())


# --------------------------------------------------------------------------
# The three real operations.
# --------------------------------------------------------------------------
def op_disable_v5(serial="iam:0a1b2c:mfa/my-device"):
    body = v5_model.DisableMfaDeviceReqBody(user_id=USER_ID, serial_number=serial)
    request = v5_model.DisableMfaDeviceV5Request(body=body)
    return IamClientV5, "disable_mfa_device_v5", IamClientV5._disable_mfa_device_v5_http_info(request), request


def op_delete_v3(serial="iam:0a1b2c:mfa/my-device"):
    request = v3_model.DeleteMfaDeviceRequest(user_id=USER_ID, serial_number=serial)
    return IamClientV3, "delete_mfa_device", IamClientV3._delete_mfa_device_http_info(request), request


def op_unbind_v3(serial="iam:0a1b2c:mfa/my-device"):
    body = v3_model.UnbindMfaDevice(user_id=USER_ID, authentication_code="123456", serial_number=serial)
    request = v3_model.DeleteBindingDeviceRequest(body=body)
    return IamClientV3, "delete_binding_device", IamClientV3._delete_binding_device_http_info(request), request


REAL_OPERATIONS = [
    ("iam_v5_disable_mfa_device", op_disable_v5),
    ("iam_v3_delete_mfa_device", op_delete_v3),
    ("iam_v3_unbind_mfa_device", op_unbind_v3),
]


def build_signed(client, http_info):
    """Run the SDK client's own request pipeline up to (and including) signing,
    without sending anything. This is what ``Client.do_http_request`` does
    before handing the request to the HTTP library."""
    return client.build_future_request(
        http_info["method"],
        http_info["resource_path"],
        http_info.get("path_params"),
        http_info.get("query_params"),
        http_info.get("header_params"),
        http_info.get("body"),
        http_info.get("post_params"),
        http_info.get("cname"),
        http_info.get("response_type"),
        http_info.get("collection_formats"),
        None,
    ).result()


def vector_from_record(name, description, record):
    for k, v in record["query"]:
        if not isinstance(k, str) or not isinstance(v, str):
            raise TypeError("vector %s: non-string query pair %r" % (name, (k, v)))
    for k, v in record["headers"]:
        if not isinstance(k, str) or not isinstance(v, str):
            raise TypeError("vector %s: non-string header %r" % (name, (k, v)))
    body = record["body"]
    if isinstance(body, str):
        body = body.encode("utf-8")
    sdk_date = None
    for k, v in record["headers"]:
        if k.lower() == "x-sdk-date":
            sdk_date = v
    if record["authorization"] != record["authorization_header"]:
        raise RuntimeError("vector %s: Authorization mismatch" % name)
    return {
        "name": name,
        "description": description,
        "method": record["method"],
        "host": record["host"],
        "path": unquote(record["resource_path"]),
        "raw_path": record["resource_path"],
        "query": record["query"],
        "headers": record["headers"],
        "body": body.decode("utf-8"),
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "sdk_date": sdk_date,
        "canonical_request": record["canonical_request"],
        "string_to_sign": record["string_to_sign"],
        "signature": record["signature"],
        "signed_headers": record["signed_headers"],
        "authorization": record["authorization"],
        "uri": record["uri"],
    }


def generic_http_info(method, resource_path, query=None, headers=None, body=None, path_params=None):
    """The core SDK's generic request description (same keys as the IAM
    client's generated ``_*_http_info`` helpers produce)."""
    header_params = {"Content-Type": "application/json"}
    if headers:
        header_params.update(headers)
    return {
        "method": method,
        "resource_path": resource_path,
        "path_params": path_params or {},
        "query_params": list(query or []),
        "header_params": header_params,
        "body": body,
        "post_params": {},
        "cname": None,
        "response_type": None,
        "collection_formats": {},
    }


def make_signing_vectors():
    vectors = []

    def via_client(name, description, client_cls, http_info, kind="aksk_domain_id", clock=CLOCK_MAIN):
        FixedClock.now_value = clock
        client = make_client(client_cls, REAL_HOST_ENDPOINT, kind)
        build_signed(client, http_info)
        vectors.append(vector_from_record(name, description, take_record()))

    def via_signer(name, description, request, clock=CLOCK_MAIN):
        FixedClock.now_value = clock
        RecordingSigner(make_credentials("aksk_domain_id")).sign(request)
        vectors.append(vector_from_record(name, description, take_record()))

    # Real operations, built by the real IAM clients.
    for base_name, op in REAL_OPERATIONS:
        for kind, suffix in (("aksk_domain_id", ""),
                             ("aksk_domain_id_security_token", "_security_token"),
                             ("aksk_no_domain_id", "_no_domain_id")):
            client_cls, sdk_method, http_info, _ = op()
            via_client(base_name + suffix,
                       "IamClient.%s via %s (%s)" % (sdk_method, client_cls.__module__, kind),
                       client_cls, http_info, kind)

    client_cls, sdk_method, http_info, _ = op_delete_v3("iam:0a1b2c:mfa/my device+1")
    via_client("iam_v3_delete_mfa_device_special_serial",
               "DELETE with a serial number that needs encoding in the query", client_cls, http_info)
    client_cls, sdk_method, http_info, _ = op_disable_v5("iam:0a1b2c:mfa/my device+1")
    via_client("iam_v5_disable_mfa_device_special_serial",
               "POST whose JSON body carries a serial number with ':', '/', space and '+'",
               client_cls, http_info, clock=CLOCK_LEAP)
    client_cls, sdk_method, http_info, _ = op_unbind_v3("iam:0a1b2c:mfa/设备 ü")
    via_client("iam_v3_unbind_mfa_device_non_ascii_serial",
               "PUT whose JSON body carries non-ASCII text, serialised by the SDK (ASCII escapes)",
               client_cls, http_info)

    # Edge cases through the core SDK's generic request path.
    via_client(
        "edge_query_special_characters",
        "query values and keys needing percent-encoding, plus an empty value",
        IamClientV3,
        generic_http_info("GET", "/v3/edge-cases/query", query=[
            ("colon", "a:b"), ("slash", "a/b"), ("space", "a b"), ("ampersand", "a&b"),
            ("equals", "a=b"), ("plus", "a+b"), ("tilde", "a~b"), ("unicode", "设备 ü"),
            ("empty", ""), ("reserved", "!*'();@$,[]#?%"), ("unreserved", "AZaz09-_.~"),
            ("key with space", "v"), ("ключ", "значение"),
        ]))
    via_client(
        "edge_query_repeated_keys",
        "repeated query keys are ordered by value",
        IamClientV3,
        generic_http_info("GET", "/v3/edge-cases/repeated", query=[
            ("marker", "b"), ("limit", "10"), ("marker", "a"), ("marker", "B"),
            ("marker", ""), ("marker", "a b"), ("marker", "a+b"), ("marker", "a%20b"),
        ]))
    via_client(
        "edge_query_sort_on_decoded_keys",
        "pairs are sorted before encoding, by code point of the decoded text",
        IamClientV3,
        generic_http_info("GET", "/v3/edge-cases/sort", query=[
            ("a/b", "1"), ("a.b", "2"), ("a-b", "3"), ("a b", "4"), ("a_b", "5"),
            ("a~b", "6"), ("A", "7"), ("é", "8"), ("z", "9"), ("a", "10"), ("a", "9"),
        ]))
    via_client(
        "edge_path_needs_encoding",
        "a path parameter with ':', '/', space, '+', '~' and non-ASCII text",
        IamClientV3,
        generic_http_info("GET", "/v3/edge-cases/{device_id}/bindings",
                          path_params={"device_id": "iam:0a1b2c:mfa/my device+1~设备"}))
    via_client(
        "edge_path_percent_and_reserved",
        "a path parameter containing '%', '?', '#', '=' and '&'",
        IamClientV3,
        generic_http_info("GET", "/v3/edge-cases/{name}",
                          path_params={"name": "100%?#=&;,"}))
    via_client(
        "edge_path_trailing_slash",
        "a path that already ends with '/' gets no second slash",
        IamClientV3,
        generic_http_info("GET", "/v3/edge-cases/trailing/"))
    via_client(
        "edge_path_root",
        "the root path",
        IamClientV3,
        generic_http_info("GET", "/"))
    via_client(
        "edge_empty_body_post",
        "POST with an empty body: the empty-payload hash is used",
        IamClientV3,
        generic_http_info("POST", "/v3/edge-cases/empty", body=""))
    via_client(
        "edge_json_body_non_ascii_utf8",
        "a JSON body given as a UTF-8 string with non-ASCII text is hashed as its UTF-8 bytes",
        IamClientV3,
        generic_http_info("POST", "/v3/edge-cases/body",
                          body='{"description": "设备 ü — 测试", "name": "ü"}'),
        clock=CLOCK_LEAP)
    via_client(
        "edge_json_body_sdk_serialised_dict",
        "a dict body serialised by the SDK (simplejson.dumps: ', ' and ': ' separators, ASCII escapes)",
        IamClientV3,
        generic_http_info("POST", "/v3/edge-cases/body",
                          body={"name": "ü", "description": "设备 ü", "count": 2, "enabled": True}))
    via_client(
        "edge_security_token_with_query",
        "a request carrying X-Security-Token and X-Domain-Id with a query string",
        IamClientV3,
        generic_http_info("GET", "/v3.0/OS-MFA/virtual-mfa-devices", query=[("user_id", USER_ID)]),
        kind="aksk_domain_id_security_token")
    via_client(
        "edge_headers_trim_unicode_underscore",
        "header values are trimmed (Python str.strip), names lower-cased, names with '_' not signed",
        IamClientV3,
        generic_http_info("GET", "/v3/edge-cases/headers", headers={
            "X-Custom-Trim": "  padded value \t",
            "X-Custom-Unicode": "设备 ü",
            "X-Custom-Inner": "a   b",
            "X-Custom-Python-Space": "\x1c value \x1f\u3000",
            "X_Custom_Underscore": "not signed",
            "x-lower-case": "kept",
            "X-Custom-Empty": "",
        }))
    via_client(
        "edge_unsigned_payload_text_plain",
        "a non-JSON Content-Type makes the SDK add X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD",
        IamClientV3,
        generic_http_info("POST", "/v3/edge-cases/text", headers={"Content-Type": "text/plain"},
                          body="hello world"))
    via_client(
        "edge_unsigned_payload_empty_body",
        "UNSIGNED-PAYLOAD header with an empty body: the empty-payload hash is used",
        IamClientV3,
        generic_http_info("POST", "/v3/edge-cases/text", headers={"Content-Type": "text/plain"},
                          body=""))

    # Edge cases straight through the signer (requests the client would not build).
    via_signer(
        "edge_signer_lowercase_method_no_headers",
        "lower-case method, no headers at all: the signer adds X-Sdk-Date and Host",
        SdkRequest(method="patch", schema="https", host="iam.myhuaweicloud.com",
                   resource_path="/v3/edge-cases/bare", query_params=[], header_params={},
                   body=b'{"a":1}'))
    via_signer(
        "edge_signer_duplicate_header_case",
        "two headers whose names differ only in case: both names are listed, the last value wins",
        SdkRequest(method="GET", schema="https", host="iam.myhuaweicloud.com",
                   resource_path="/v3/edge-cases/dup", query_params=[("q", "1")],
                   header_params={"X-Dup": "first", "Content-Type": "application/json",
                                  "x-dup": "second"},
                   body=None))
    via_signer(
        "edge_signer_explicit_host_header_with_port",
        "a Host header already present (with a port) is kept as given",
        SdkRequest(method="DELETE", schema="http", host="127.0.0.1:8080",
                   resource_path="/v3/edge-cases/host", query_params=[],
                   header_params={"host": "example.com:8443", "Content-Type": "application/json"},
                   body=None))

    via_signer(
        "edge_signer_encoded_path_decoding",
        "the signer decodes the path it is given before splitting it: %2F separates segments, "
        "bad escapes stay literal, invalid UTF-8 becomes U+FFFD",
        SdkRequest(method="GET", schema="https", host="iam.myhuaweicloud.com",
                   resource_path="/v3/raw/a%2Fb/%7e%7E/%E8%AE%BE/%E8%AE%zz/%ED%A0%80/%C0%AF/%F0%9F"
                                 "/100%/x+y/é%C3%A9",
                   query_params=[], header_params={"Content-Type": "application/json"},
                   body=None))

    vectors.sort(key=lambda v: v["name"])
    return vectors


# --------------------------------------------------------------------------
# Wire capture.
# --------------------------------------------------------------------------
class CaptureHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    captured = []

    def _capture(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = [[name, value.encode("iso-8859-1").decode("utf-8")]
                   for name, value in self.headers.raw_items()]
        CaptureHandler.captured.append({
            "method": self.command,
            "target": self.path,
            "http_version": self.request_version,
            "headers": headers,
            "body": body.decode("utf-8"),
        })
        payload = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _capture

    def log_message(self, format, *args):  # noqa: A002 - keep stderr quiet
        pass


def make_wire_captures(port):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), CaptureHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    endpoint = "http://127.0.0.1:%d" % port
    captures = []
    try:
        for base_name, op in REAL_OPERATIONS:
            for kind in ("aksk_domain_id", "aksk_domain_id_security_token", "aksk_no_domain_id"):
                FixedClock.now_value = CLOCK_MAIN
                client_cls, sdk_method, _, request = op()
                client = make_client(client_cls, endpoint, kind)
                getattr(client, sdk_method)(request)
                record = take_record()
                if len(CaptureHandler.captured) != 1:
                    raise RuntimeError("expected one captured request")
                wire = CaptureHandler.captured.pop()
                auth = [v for k, v in wire["headers"] if k.lower() == "authorization"]
                if auth != [record["authorization"]]:
                    raise RuntimeError("wire Authorization differs from the signer's output")
                capture = {
                    "name": "%s__%s" % (base_name, kind),
                    "operation": "%s.IamClient.%s" % (client_cls.__module__.rsplit(".", 1)[0], sdk_method),
                    "credentials": credentials_json(kind),
                    "endpoint": endpoint,
                    "sdk_date": FixedClock.now_value.strftime("%Y%m%dT%H%M%SZ"),
                    "canonical_request": record["canonical_request"],
                    "string_to_sign": record["string_to_sign"],
                }
                capture.update(wire)
                captures.append(capture)
                client.get_http_client().close()
    finally:
        server.shutdown()
        server.server_close()
    captures.sort(key=lambda c: c["name"])
    return captures


def sdk_versions():
    return {
        "package": "huaweicloudsdkcore",
        "version": dist_version("huaweicloudsdkcore"),
        "iam_package": "huaweicloudsdkiam",
        "iam_version": dist_version("huaweicloudsdkiam"),
        "requests_version": dist_version("requests"),
        "simplejson_version": dist_version("simplejson"),
    }


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s" % os.path.relpath(path, REPO_ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help="port of the capture server on 127.0.0.1 (part of the signed Host header)")
    parser.add_argument("--out-dir", default=os.path.join(REPO_ROOT, "tests", "vectors"))
    args = parser.parse_args()

    signing = {"sdk": sdk_versions(), "vectors": make_signing_vectors()}
    wire = {
        "sdk": sdk_versions(),
        "user_agent": {
            "environment_part": user_agent_string,
            "note": ("The SDK sends 'huaweicloud-usdk-python/3.0; ' followed by a string built from "
                     "platform.system/version/machine, the Python version and implementation, and an "
                     "application id stored in ~/.huaweicloud/application_id. make_vectors.py pins "
                     "those to fixed values so the captures are reproducible."),
            "fixed_platform": FIXED_PLATFORM,
            "fixed_application_id": FIXED_APP_ID,
        },
        "captures": make_wire_captures(args.port),
    }
    write_json(os.path.join(args.out_dir, "signing.json"), signing)
    write_json(os.path.join(args.out_dir, "sdk_wire.json"), wire)
    return 0


if __name__ == "__main__":
    sys.exit(main())
