#!/usr/bin/env bash
# Compiles and lints every Bicep file under infra/ with the Bicep CLI from NuGet (offline apart from the NuGet
# registry): `bicep lint` and `bicep build` for each .bicep, `bicep build-params` for each .bicepparam.
# Fails on any error and on any "Warning" line (the CLI exits 0 on warnings; infra/bicepconfig.json turns the
# important linter rules into errors as well). Usage: scripts/bicep-check.sh   (from anywhere in the repo)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

tools_proj="infra/tools/bicep/BicepCli.proj"
version="$(sed -n 's/.*Include="Azure\.Bicep\.CommandLine\.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$tools_proj")"
if [[ -z "$version" ]]; then
  echo "bicep-check: cannot read the Bicep CLI version from $tools_proj" >&2
  exit 1
fi

echo "bicep-check: restoring Bicep CLI $version ($tools_proj)"
dotnet restore "$tools_proj" --nologo --verbosity quiet

packages="${NUGET_PACKAGES:-}"
if [[ -z "$packages" ]]; then
  packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
fi
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "bicep-check: Bicep CLI not found at $bicep after restore" >&2
  exit 1
fi
chmod +x "$bicep"
"$bicep" --version

# build-params evaluates readEnvironmentVariable(): the parameter files read the app's key from
# ENGAGE_SECRET_KEY (no default, so a real deployment without it fails early). Give it a throwaway value of
# the right shape here; it is only compiled into a temporary file.
export ENGAGE_SECRET_KEY="${ENGAGE_SECRET_KEY:-$(head -c 32 /dev/zero | base64)}"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Work on a copy of infra/ so that `bicep build` (which writes each .json next to its source when given a
# --pattern) leaves the work tree alone; one CLI process per command keeps this to a few seconds.
# build-params writes <name>.json too, so it gets its own copy (main.bicepparam would overwrite main.json).
for copy in build params; do
  mkdir -p "$out/$copy/infra"
  tar -C infra --exclude=./tools/bicep/obj --exclude=./tools/bicep/bin -cf - . | tar -C "$out/$copy/infra" -xf -
done

mapfile -t bicep_files < <(find infra -name '*.bicep' -not -path '*/obj/*' -not -path '*/bin/*' | sort)
mapfile -t param_files < <(find infra -name '*.bicepparam' -not -path '*/obj/*' -not -path '*/bin/*' | sort)
if [[ ${#bicep_files[@]} -eq 0 ]]; then
  echo "bicep-check: no .bicep files under infra/" >&2
  exit 1
fi
printf 'bicep-check: %s\n' "${bicep_files[@]}" "${param_files[@]}"

failures=0
# run LABEL DIR COMMAND...: runs in $out/DIR, prints the command's output; counts a failure on a non-zero exit
# or any Warning line.
run() {
  local label="$1" dir="$out/$2"; shift 2
  local log="$out/log.txt" rc=0
  (cd "$dir" && "$@") >"$log" 2>&1 || rc=$?
  sed -i "s|$dir/||g" "$log"
  if [[ $rc -ne 0 ]] || grep -q 'Warning' "$log"; then
    echo "FAIL  $label (exit $rc)"
    sed 's/^/      /' "$log"
    failures=$((failures + 1))
  else
    echo "ok    $label"
    if [[ -s "$log" ]]; then sed 's/^/      /' "$log"; fi
  fi
}

run "bicep lint (${#bicep_files[@]} files)" build "$bicep" lint --pattern 'infra/**/*.bicep'
run "bicep build (${#bicep_files[@]} files)" build "$bicep" build --pattern 'infra/**/*.bicep'
if [[ ${#param_files[@]} -gt 0 ]]; then
  run "bicep build-params (${#param_files[@]} files)" params "$bicep" build-params --pattern 'infra/**/*.bicepparam'
fi
# The globs must have reached every file: each .bicep and each .bicepparam has its .json.
for file in "${bicep_files[@]}"; do
  [[ -f "$out/build/${file%.bicep}.json" ]] || { echo "FAIL  not built: $file"; failures=$((failures + 1)); }
done
for file in "${param_files[@]}"; do
  [[ -f "$out/params/${file%.bicepparam}.json" ]] || { echo "FAIL  not built: $file"; failures=$((failures + 1)); }
done

if [[ $failures -ne 0 ]]; then
  echo "bicep-check: $failures step(s) failed" >&2
  exit 1
fi
echo "bicep-check: lint, build and build-params passed with no warning (${#bicep_files[@]} .bicep, ${#param_files[@]} .bicepparam)"
