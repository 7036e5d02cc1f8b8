# Written by Dify.Plugin's packaging: Dify's daemon starts a plugin as `python -m main` (meta.runner.entrypoint), so
# this stdlib-only launcher replaces itself with the plugin's native binary for this machine. It writes nothing to
# stdout, which carries the plugin protocol.
import os
import platform
import sys

BINARIES = __BINARIES__

MACHINES = {"x86_64": "amd64", "amd64": "amd64", "x64": "amd64", "aarch64": "arm64", "arm64": "arm64", "armv8l": "arm64"}


def main():
    machine = platform.machine()
    arch = MACHINES.get(machine.lower())
    binary = BINARIES.get(arch) if sys.platform.startswith("linux") else None
    if binary is None:
        shipped = ", ".join("linux/" + name for name in sorted(BINARIES))
        sys.stderr.write(
            "This Dify plugin ships native binaries for " + shipped + "; this machine is "
            + sys.platform + "/" + machine + ". Publish the plugin for this architecture (DifyPackageArchitectures)"
            + " and list it under meta.arch in manifest.yaml.\n")
        sys.exit(1)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), binary)
    if not os.path.isfile(path):
        sys.stderr.write("This Dify plugin's binary for linux/" + arch + " is missing: " + path + ". Reinstall the package.\n")
        sys.exit(1)
    # The daemon extracts every file with mode 0644 (pkg/plugin_packager/decoder/zip.go, ExtractTo).
    os.chmod(path, 0o755)
    # exec, not a child: the daemon stops a plugin by killing the pid it started, which must be the plugin itself.
    os.execv(path, [path] + sys.argv[1:])


if __name__ == "__main__":
    main()
