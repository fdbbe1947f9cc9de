"""Build what the local API runs, only when it is missing or older than its sources.

An artefact is stale when any file of its module's pom.xml, src/main tree, the root pom.xml, or
those of the in-repository modules it depends on (compile/runtime scope, read from the poms) is
newer than it. Stale artefacts are rebuilt with one quiet Maven run; fresh ones cost a few stat
calls.
"""

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

NS = "{http://maven.apache.org/POM/4.0.0}"


def _module_deps(root, module, seen=None):
    """The module and the in-repository modules it needs at run time, transitively."""
    seen = seen if seen is not None else []
    if module in seen:
        return seen
    seen.append(module)
    pom = os.path.join(root, module, "pom.xml")
    if not os.path.exists(pom):
        return seen
    try:
        doc = ET.parse(pom).getroot()
    except ET.ParseError:
        return seen
    group = (doc.findtext(NS + "groupId") or doc.findtext(NS + "parent/" + NS + "groupId") or "").strip()
    for dep in doc.iter(NS + "dependency"):
        if (dep.findtext(NS + "groupId") or "").strip() != group:
            continue
        if (dep.findtext(NS + "scope") or "compile").strip() in ("test", "provided", "import"):
            continue
        artifact = (dep.findtext(NS + "artifactId") or "").strip()
        if os.path.exists(os.path.join(root, artifact, "pom.xml")):
            _module_deps(root, artifact, seen)
    return seen


def _newest(paths):
    newest, which = 0.0, None
    for path in paths:
        if os.path.isfile(path):
            m = os.stat(path).st_mtime
            if m > newest:
                newest, which = m, path
            continue
        for dirpath, _, files in os.walk(path):
            for name in files:
                full = os.path.join(dirpath, name)
                try:
                    m = os.stat(full).st_mtime
                except OSError:
                    continue
                if m > newest:
                    newest, which = m, full
    return newest, which


def stale(root, module, artefact):
    """Why the artefact needs a build, or None when it is up to date."""
    path = os.path.join(root, artefact)
    if not os.path.exists(path):
        return "%s is missing" % artefact
    sources = [os.path.join(root, "pom.xml")]
    for dep in _module_deps(root, module):
        sources += [os.path.join(root, dep, "pom.xml"), os.path.join(root, dep, "src", "main")]
    newest, which = _newest(sources)
    if newest > _built_at(path):
        return "%s is newer than %s" % (os.path.relpath(which, root), artefact)
    return None


def _built_at(path):
    """When an artefact was last brought up to date: its own mtime, or that of the dependency jars
    copied next to it (target/lib/), whichever is later; Maven rewrites a jar only when its own
    classes changed, so a change in a dependency module shows in the copied jar, not in this one."""
    built = os.stat(path).st_mtime
    lib = os.path.join(os.path.dirname(path), "lib")
    if os.path.isdir(lib):
        for name in os.listdir(lib):
            try:
                built = max(built, os.stat(os.path.join(lib, name)).st_mtime)
            except OSError:
                pass
    return built


def ensure_built(root, artefacts, log, lock=None):
    """artefacts: {module: artefact path relative to root}. Builds the stale ones; raises on failure.

    With a lock file, concurrent callers (two start-api runs, the e2e test and a user's run) take
    turns, and whoever waited checks again before building."""
    if lock is None or not _any_stale(root, artefacts):
        return _ensure_built(root, artefacts, log)
    import fcntl
    os.makedirs(os.path.dirname(lock), exist_ok=True)
    with open(lock, "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            log("waiting for another build of this checkout to finish")
            fcntl.flock(f, fcntl.LOCK_EX)
        return _ensure_built(root, artefacts, log)


def _any_stale(root, artefacts):
    return any(stale(root, module, artefact) for module, artefact in artefacts.items())


def _ensure_built(root, artefacts, log):
    reasons = {}
    for module, artefact in artefacts.items():
        why = stale(root, module, artefact)
        if why:
            reasons[module] = why
    if not reasons:
        return False
    for module, why in reasons.items():
        log("building %s: %s" % (module, why))
    command = ["mvn", "-B", "-ntp", "-q", "install", "-Dmaven.test.skip=true", "-pl", ",".join(reasons), "-am"]
    log("running: " + " ".join(command))
    started = time.monotonic()
    result = subprocess.run(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        sys.stderr.write(result.stdout.decode("utf-8", "replace")[-20000:])
        raise RuntimeError("the build failed (%s, exit %d)" % (" ".join(command), result.returncode))
    for module, artefact in artefacts.items():
        if module in reasons:
            path = os.path.join(root, artefact)
            if not os.path.exists(path):
                raise RuntimeError("the build did not produce %s" % artefact)
            # up to date now, even where Maven left an unchanged jar as it was
            os.utime(path)
    log("built in %.0f s" % (time.monotonic() - started))
    return True
