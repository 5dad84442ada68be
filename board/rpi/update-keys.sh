#!/bin/bash
# Makes (or reuses) a development CA and a bundle-signing key for A/B update
# bundles, in build/update-keys unless --dir names another place; never in
# the repository. A real fleet keeps its own CA and key off the build machine
# (docs/updates.md, "Keys").
#
#   board/rpi/update-keys.sh [--dir DIR] [--print-ca] [--name NAME]
#
# DIR/ca.cert.pem: the keyring an image trusts (build-image.sh --keyring);
# DIR/signing.cert.pem + signing.key.pem: what build-bundle.sh signs with.
# --print-ca prints the CA certificate's path (and nothing else).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$here/../../build/update-keys
print=0
name="wallboard development"
while (($#)); do
	case "$1" in
	--dir) dir=$2; shift 2 ;;
	--print-ca) print=1; shift ;;
	--name) name=$2; shift 2 ;;
	-h|--help) sed -n '2,13p' "$0"; exit 0 ;;
	*) echo "update-keys.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [[ ! -s $dir/ca.cert.pem || ! -s $dir/signing.cert.pem ]]; then
	umask 077
	ext=$dir/openssl.cnf
	cat >"$ext" <<CNF
[signer]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
CNF
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
		-subj "/O=$name/CN=$name update CA" -keyout "$dir/ca.key.pem" -out "$dir/ca.cert.pem" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-subj "/O=$name/CN=$name bundle signing" -keyout "$dir/signing.key.pem" -out "$dir/signing.csr" 2>/dev/null
	openssl x509 -req -in "$dir/signing.csr" -CA "$dir/ca.cert.pem" -CAkey "$dir/ca.key.pem" \
		-CAcreateserial -days 1825 -extfile "$ext" -extensions signer -out "$dir/signing.cert.pem" 2>/dev/null
	rm -f "$dir/signing.csr"
	chmod 0644 "$dir/ca.cert.pem" "$dir/signing.cert.pem"
	((print)) || echo "update-keys.sh: made a CA and a signing key in $dir"
fi
if ((print)); then
	echo "$dir/ca.cert.pem"
fi
