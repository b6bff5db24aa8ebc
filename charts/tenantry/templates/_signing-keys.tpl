{{/*
A private JWK Set of one ES256 key for the platform's internal tokens (the format of PLATFORM_SIGNING_KEYS_SECRET).
Sprig generates P-256 keys only as PEM, so the JWK members are cut out of the key's DER: Go writes a P-256
key as 121 bytes of SEC1 (RFC 5915) — a 7-byte header, d (32 bytes), the curve's OID and the uncompressed
public point 04‖x‖y (32 bytes each). Both fixed parts are checked, so another layout fails the install
instead of producing a wrong key. Rotation: see the platform's README (put a new key beside it in the Secret).
*/}}
{{- define "tenantry.es256KeySet" -}}
{{- $pem := genPrivateKey "ecdsa" -}}
{{- $body := regexReplaceAll "-----[A-Z ]+-----" $pem "" | nospace -}}
{{- $der := b64dec $body -}}
{{- if or (ne (len $der) 121) (ne (substr 0 7 $der | b64enc) "MHcCAQEEIA==") (ne (substr 39 57 $der | b64enc) "oAoGCCqGSM49AwEHoUQDQgAE") -}}
{{- fail "signing keys: genPrivateKey \"ecdsa\" did not produce a P-256 SEC1 key; create secrets.signingKeys.existingSecret instead" -}}
{{- end -}}
{{- $url := dict -}}
{{- range $member, $range := dict "d" (list 7 39) "x" (list 57 89) "y" (list 89 121) -}}
{{- $_ := set $url $member (substr (index $range 0) (index $range 1) $der | b64enc | replace "+" "-" | replace "/" "_" | trimAll "=") -}}
{{- end -}}
{{- $kid := printf "tenantry-%s" (printf "%s%s" $url.x $url.y | sha256sum | trunc 16) -}}
{{- dict "keys" (list (dict "kty" "EC" "crv" "P-256" "alg" "ES256" "kid" $kid "x" $url.x "y" $url.y "d" $url.d)) | toJson -}}
{{- end -}}
