//! Deterministic synthetic specs shaped like `spec/iam-mfa.yaml`.
//!
//! A spec of `n` operations has `n / 3` groups; each group repeats the three
//! operations of the real spec under a unique path prefix and unique
//! operation ids:
//!
//! * `POST /v5/groups/gNNNNN/mfa-devices/disable` with a JSON body of the
//!   group's own component schema (required `user_id`, `serial_number` with
//!   `maxLength: 150`), success `200` without body, errors 400/403/404;
//! * `DELETE /v3.0/groups/gNNNNN/OS-MFA/virtual-mfa-devices` with two required
//!   query parameters, success `204`, errors 400/401/403/404/500;
//! * `PUT /v3.0/groups/gNNNNN/OS-MFA/mfa-devices/unbind` with a JSON body
//!   (`application/json;charset=utf-8`, as in the real spec) of three required
//!   fields, success `204`, errors 400/401/403/404/409/500.
//!
//! Error bodies reference SHARED component schemas. progenitor 0.15 asserts
//! (`assert!(response_types.len() <= 1)` in `extract_responses`) that all
//! error statuses of one operation have the same body type, so in the
//! [`ErrorBodies::SharedPerOperation`] shape — the one both generators get —
//! every error status of an operation uses the same schema (`ErrorV5` for the
//! v5 operation, `ErrorV3` for the v3.0 ones). [`ErrorBodies::PerStatus`] is
//! the shape of the real spec (a distinct schema per status, still shared
//! between operations); only our generator can take it.
//!
//! The security schemes are those of the real spec, verbatim: `authToken`
//! (`apiKey` header) and `akskSignature` (`apiKey` header with the
//! `x-huaweicloud-signing` extension), the v5 operation accepting AK/SK only
//! and the v3.0 ones either.

use std::fmt::Write;

/// Which component schema each error status's body references.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorBodies {
    /// All error statuses of one operation share one schema (progenitor-comparable).
    SharedPerOperation,
    /// One schema per status, like `spec/iam-mfa.yaml` (ours only).
    PerStatus,
}

/// Error statuses of each operation kind, in spec order.
const POST_ERRORS: &[(u16, &str, &str)] = &[
    (400, "The request is malformed.", "BadRequestErrorV5"),
    (
        403,
        "The caller is not allowed to disable the device.",
        "ForbiddenErrorV5",
    ),
    (
        404,
        "The user or the device does not exist.",
        "NotFoundErrorV5",
    ),
];
const DELETE_ERRORS: &[(u16, &str, &str)] = &[
    (400, "The request is invalid.", "BadRequestErrorV3"),
    (401, "Authentication failed.", "UnauthorizedErrorV3"),
    (
        403,
        "The caller lacks the permission for this action.",
        "ForbiddenErrorV3",
    ),
    (
        404,
        "The user or the device cannot be found.",
        "NotFoundErrorV3",
    ),
    (500, "The service hit an internal error.", "InternalErrorV3"),
];
const PUT_ERRORS: &[(u16, &str, &str)] = &[
    (400, "The request is invalid.", "BadRequestErrorV3"),
    (401, "Authentication failed.", "UnauthorizedErrorV3"),
    (
        403,
        "The caller lacks the permission for this action.",
        "ForbiddenErrorV3",
    ),
    (
        404,
        "The user or the device cannot be found.",
        "NotFoundErrorV3",
    ),
    (
        409,
        "The change conflicts with the stored state of the resource.",
        "ConflictErrorV3",
    ),
    (500, "The service hit an internal error.", "InternalErrorV3"),
];

/// A YAML spec of `n` operations (`n` must be a positive multiple of 3).
///
/// The output depends only on the arguments: same input, same bytes.
pub fn spec(n: usize, errors: ErrorBodies) -> String {
    assert!(
        n > 0 && n % 3 == 0,
        "n must be a positive multiple of 3, got {n}"
    );
    let groups = n / 3;
    // Rough size: ~3.3 KB per group.
    let mut out = String::with_capacity(4096 + groups * 3600);
    out.push_str(HEADER);
    out.push_str("paths:\n");
    for g in 1..=groups {
        write_group(&mut out, g, errors);
    }
    out.push_str(COMPONENTS_HEAD);
    for g in 1..=groups {
        write_group_schemas(&mut out, g);
    }
    write_error_schemas(&mut out, errors);
    out
}

/// The same spec with each group's id (`G00042`, `g00042`) replaced by a
/// name of irregular length (the group's number after 0 to 20 letters,
/// fixed per group), so that the operations of one kind differ in the
/// widths of their names, as in a real service.
pub fn irregular_names(spec: &str) -> String {
    const LETTERS: &str = "abcdefghijklmnopqrstu";
    let bytes = spec.as_bytes();
    let mut out = String::with_capacity(spec.len() + spec.len() / 8);
    let mut copied = 0;
    let mut at = 0;
    while at + 6 <= bytes.len() {
        let is_id = matches!(bytes[at], b'G' | b'g')
            && bytes[at + 1..at + 6].iter().all(u8::is_ascii_digit)
            && bytes.get(at + 6).map_or(true, |b| !b.is_ascii_digit());
        if !is_id {
            at += 1;
            continue;
        }
        let group: usize = spec[at + 1..at + 6].parse().unwrap_or(0);
        out.push_str(&spec[copied..at + 1]);
        out.push_str(&LETTERS[..(group * 7919) % (LETTERS.len() + 1)]);
        let _ = write!(out, "{group}");
        at += 6;
        copied = at;
    }
    out.push_str(&spec[copied..]);
    out
}

/// The `$ref` target of status `status` of an operation whose shared error schema is `shared`.
fn error_ref(errors: ErrorBodies, shared: &str, per_status: &str) -> String {
    match errors {
        ErrorBodies::SharedPerOperation => shared.to_owned(),
        ErrorBodies::PerStatus => per_status.to_owned(),
    }
}

fn write_error_responses(
    out: &mut String,
    list: &[(u16, &str, &str)],
    errors: ErrorBodies,
    shared: &str,
) {
    for (status, description, per_status) in list {
        let schema = error_ref(errors, shared, per_status);
        let _ = write!(
            out,
            "        \"{status}\":\n          description: {description}\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/{schema}\"\n"
        );
    }
}

fn write_group(out: &mut String, g: usize, errors: ErrorBodies) {
    let gid = format!("G{g:05}");
    let seg = format!("g{g:05}");
    // POST, JSON body, AK/SK only.
    let _ = write!(
        out,
        r##"  /v5/groups/{seg}/mfa-devices/disable:
    post:
      operationId: DisableMfaDeviceV5{gid}
      summary: Disable a virtual MFA device (group {g}).
      description: |
        Disables a virtual MFA device and detaches it from the IAM user it
        belongs to. Callers that are IAM users need the identity policy action
        `iam:mfa:disableV5` (access level: write, resource type: mfa).
      tags: [mfa]
      security:
        - akskSignature: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/DisableMfaDeviceV5Request{gid}"
      responses:
        "200":
          description: The device was disabled; the response has no body.
"##
    );
    write_error_responses(out, POST_ERRORS, errors, "ErrorV5");
    // DELETE, two required query parameters, token or AK/SK.
    let _ = write!(
        out,
        r##"  /v3.0/groups/{seg}/OS-MFA/virtual-mfa-devices:
    delete:
      operationId: DeleteMfaDevice{gid}
      summary: Delete a virtual MFA device (group {g}).
      description: |
        Deletes a virtual MFA device. An administrator uses it to delete their
        own device; the token must carry Security Administrator permissions.
      tags: [mfa]
      security:
        - authToken: []
        - akskSignature: []
      parameters:
        - name: user_id
          in: query
          required: true
          description: ID of the user owning the device, that is, the administrator's own user ID.
          schema:
            type: string
        - name: serial_number
          in: query
          required: true
          description: Serial number of the virtual MFA device, such as `iam:<account id>:mfa/<device name>`.
          schema:
            type: string
      responses:
        "204":
          description: The device was deleted.
"##
    );
    write_error_responses(out, DELETE_ERRORS, errors, "ErrorV3");
    // PUT, JSON body of three required fields, token or AK/SK.
    let _ = write!(
        out,
        r##"  /v3.0/groups/{seg}/OS-MFA/mfa-devices/unbind:
    put:
      operationId: UnbindMfaDevice{gid}
      summary: Unbind a virtual MFA device from an IAM user (group {g}).
      description: |
        Unbinds a virtual MFA device from an IAM user. An administrator may
        unbind any user's device with a Security Administrator token; a user may
        unbind their own device with their own token and a current MFA code.
      tags: [mfa]
      security:
        - authToken: []
        - akskSignature: []
      requestBody:
        required: true
        description: The official SDKs send this body as `application/json;charset=utf-8`.
        content:
          application/json;charset=utf-8:
            schema:
              $ref: "#/components/schemas/UnbindMfaDeviceRequest{gid}"
      responses:
        "204":
          description: The device was unbound.
"##
    );
    write_error_responses(out, PUT_ERRORS, errors, "ErrorV3");
}

fn write_group_schemas(out: &mut String, g: usize) {
    let gid = format!("G{g:05}");
    let _ = write!(
        out,
        r##"    DisableMfaDeviceV5Request{gid}:
      type: object
      description: Which device to disable, and for which user.
      required: [user_id, serial_number]
      properties:
        user_id:
          type: string
          description: ID of the IAM user the device belongs to.
        serial_number:
          type: string
          maxLength: 150
          description: Serial number of the virtual MFA device, such as `iam::<account id>:mfa:<name>`.
    UnbindMfaDeviceRequest{gid}:
      type: object
      description: Which device to unbind, from which user, with what proof.
      required: [user_id, authentication_code, serial_number]
      properties:
        user_id:
          type: string
          description: ID of the IAM user the device is unbound from.
        authentication_code:
          type: string
          description: The device's current MFA verification code.
        serial_number:
          type: string
          description: Serial number of the MFA device.
"##
    );
}

fn write_error_schemas(out: &mut String, errors: ErrorBodies) {
    let names: Vec<&str> = match errors {
        ErrorBodies::SharedPerOperation => vec!["ErrorV5", "ErrorV3"],
        ErrorBodies::PerStatus => vec![
            "BadRequestErrorV5",
            "ForbiddenErrorV5",
            "NotFoundErrorV5",
            "BadRequestErrorV3",
            "UnauthorizedErrorV3",
            "ForbiddenErrorV3",
            "NotFoundErrorV3",
            "ConflictErrorV3",
            "InternalErrorV3",
        ],
    };
    for name in names {
        let _ = write!(
            out,
            r##"    {name}:
      type: object
      description: Error body ({name}).
      properties:
        error_code:
          type: string
          description: Machine-readable error code.
        error_msg:
          type: string
          description: Human-readable error message.
        request_id:
          type: string
          description: ID of the request, for support cases.
        encoded_authorization_message:
          type: string
          description: Encrypted details of an authorization failure.
"##
        );
    }
}

const HEADER: &str = r##"openapi: 3.0.3
info:
  title: Synthetic Huawei Cloud IAM MFA benchmark service
  version: "2026.11.0"
  x-rust-crate-name: synthetic-iam-mfa
  description: |
    Synthetic spec for generator benchmarks: groups of the three IAM MFA
    operations of spec/iam-mfa.yaml under unique paths and operation ids.
servers:
  - url: https://iam.myhuaweicloud.com
    description: Global IAM endpoint.
tags:
  - name: mfa
    description: Virtual MFA devices.
security:
  - akskSignature: []
"##;

const COMPONENTS_HEAD: &str = r##"components:
  securitySchemes:
    authToken:
      type: apiKey
      in: header
      name: X-Auth-Token
      description: An IAM user token.
    akskSignature:
      type: apiKey
      in: header
      name: Authorization
      description: |
        Access key / secret key request signing. The request carries
        `X-Sdk-Date` and an `Authorization` header computed with the
        SDK-HMAC-SHA256 algorithm described in `x-huaweicloud-signing`.
      x-huaweicloud-signing:
        algorithm: SDK-HMAC-SHA256
        dateHeader: X-Sdk-Date
        dateFormat: YYYYMMDDTHHMMSSZ
        securityTokenHeader: X-Security-Token
        domainIdHeader: X-Domain-Id
        authorization: "SDK-HMAC-SHA256 Access=<access key>, SignedHeaders=<names>, Signature=<hex>"
        canonicalRequest:
          - the HTTP method in upper case
          - the path, each segment percent-encoded, followed by a trailing slash
          - the query parameters sorted, keys and values percent-encoded leaving only A-Z a-z 0-9 - _ . ~ bare
          - the signed headers, lower-cased names and trimmed values, sorted, one `name:value` per line
          - the signed header names joined with `;`
          - the hex SHA-256 of the body
        stringToSign:
          - SDK-HMAC-SHA256
          - the X-Sdk-Date value
          - the hex SHA-256 of the canonical request
        signature: hex HMAC-SHA256 of the string to sign keyed with the secret key
  schemas:
"##;

/// The spec with `components.securitySchemes`, the top-level `security`
/// and every operation's `security` removed. Used only to check whether
/// progenitor needs them stripped (it does not: see `gen-bench`).
pub fn strip_security(spec_text: &str) -> String {
    let mut value: serde_yaml::Value =
        serde_yaml::from_str(spec_text).expect("synthetic spec is YAML");
    if let Some(map) = value.as_mapping_mut() {
        map.remove("security");
        if let Some(components) = map.get_mut("components").and_then(|c| c.as_mapping_mut()) {
            components.remove("securitySchemes");
        }
        if let Some(paths) = map.get_mut("paths").and_then(|p| p.as_mapping_mut()) {
            for (_, item) in paths.iter_mut() {
                if let Some(item) = item.as_mapping_mut() {
                    for (_, op) in item.iter_mut() {
                        if let Some(op) = op.as_mapping_mut() {
                            op.remove("security");
                        }
                    }
                }
            }
        }
    }
    serde_yaml::to_string(&value).expect("serializable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        for n in [3, 300] {
            for e in [ErrorBodies::SharedPerOperation, ErrorBodies::PerStatus] {
                let a = spec(n, e);
                assert_eq!(a, spec(n, e));
                let doc: openapiv3::OpenAPI = serde_yaml::from_str(&a).unwrap();
                let ops: usize = doc
                    .paths
                    .iter()
                    .map(|(_, p)| p.as_item().unwrap().iter().count())
                    .sum();
                assert_eq!(ops, n);
            }
        }
    }

    #[test]
    fn irregular_names_keep_the_spec_valid_and_vary_in_length() {
        let text = irregular_names(&spec(300, ErrorBodies::SharedPerOperation));
        assert!(!text.contains("G00001") && !text.contains("g00001"));
        assert!(text.contains("DisableMfaDeviceV5G1:") || text.contains("DisableMfaDeviceV5Ga"));
        let doc: openapiv3::OpenAPI = serde_yaml::from_str(&text).unwrap();
        let ids: Vec<&str> = doc
            .paths
            .iter()
            .flat_map(|(_, p)| {
                p.as_item()
                    .unwrap()
                    .iter()
                    .map(|(_, op)| op.operation_id.as_deref().unwrap())
            })
            .collect();
        assert_eq!(ids.len(), 300);
        let lengths: std::collections::BTreeSet<usize> = ids.iter().map(|id| id.len()).collect();
        assert!(lengths.len() > 20, "{lengths:?}");
    }
}
