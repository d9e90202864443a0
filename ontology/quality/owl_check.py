"""Is the ontology OWL 2 DL, and does HermiT find it consistent with no unsatisfiable class?

Both checks read an RDF/XML export (owlready2 cannot read Turtle) written to a temporary
folder; nothing touches the served store.

- The OWL 2 DL profile is checked by the OWL API's ``OWL2DLProfile`` (the OWL API ships
  inside owlready2's ``HermiT.jar``), through the small ``java/DlProfile.java``.
- HermiT runs through owlready2 in a fresh ``World``.

The two run at once (the profile check in a subprocess) since each is mostly JVM start-up.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import Graph

from ontology.files import JAVA_DIR
from ontology.vocab import OWL_NOTHING

JAVA_SOURCE = JAVA_DIR / "DlProfile.java"
HERMIT_JAR = Path(owlready2.__file__).with_name("hermit") / "HermiT.jar"


@dataclass(frozen=True)
class OwlReport:
    """What the profile checker and the reasoner said, and how long each took."""

    profile_violations: tuple[str, ...]
    consistent: bool
    unsatisfiable: tuple[str, ...]
    profile_seconds: float
    reasoner_seconds: float

    @property
    def in_dl_profile(self) -> bool:
        return not self.profile_violations

    @property
    def ok(self) -> bool:
        return self.in_dl_profile and self.consistent and not self.unsatisfiable


def write_rdfxml(graph: Graph, path: Path) -> Path:
    """Serialise ``graph`` as RDF/XML at ``path`` (the input both Java tools read)."""
    graph.serialize(destination=str(path), format="xml")
    return path


def _compiled_profile_dir() -> Path | None:
    """Compile DlProfile.java once per source version into the temp dir, if javac exists."""
    javac = shutil.which("javac")
    if javac is None:
        return None
    digest = hashlib.sha256(JAVA_SOURCE.read_bytes()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"alignkg-dlprofile-{digest}"
    if (target / "DlProfile.class").exists():
        return target
    staging = Path(tempfile.mkdtemp(prefix="alignkg-dlprofile-"))
    subprocess.run(
        [javac, "-nowarn", "-cp", str(HERMIT_JAR), "-d", str(staging), str(JAVA_SOURCE)],
        check=True,
        capture_output=True,
    )
    try:
        os.replace(staging, target)
    except OSError:  # another process got there first; its copy is identical
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _profile_command(rdfxml: Path) -> list[str]:
    java = shutil.which("java") or "java"
    compiled = _compiled_profile_dir()
    if compiled is not None:
        classpath = f"{HERMIT_JAR}{os.pathsep}{compiled}"
        return [java, "-cp", classpath, "DlProfile", str(rdfxml)]
    # Without javac, Java 11+ compiles a single source file itself (slower, same answer).
    return [java, "-cp", str(HERMIT_JAR), str(JAVA_SOURCE), str(rdfxml)]


def start_profile_check(rdfxml: Path) -> subprocess.Popen[str]:
    """Start the OWL 2 DL profile check in a subprocess; read it with ``finish_profile_check``."""
    return subprocess.Popen(
        _profile_command(rdfxml), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish_profile_check(process: subprocess.Popen[str]) -> tuple[str, ...]:
    """Wait for the profile check; its output lines are the violations."""
    stdout, stderr = process.communicate(timeout=300)
    if process.returncode != 0:
        raise RuntimeError(f"OWL API profile check failed: {stderr.strip()[-2000:]}")
    return tuple(sorted(line for line in stdout.splitlines() if line.strip()))


def run_hermit(rdfxml: Path) -> tuple[bool, tuple[str, ...]]:
    """Classify with HermiT in a fresh World: (consistent?, IRIs of unsatisfiable classes)."""
    world = owlready2.World()
    try:
        world.get_ontology(rdfxml.resolve().as_uri()).load()
        try:
            owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, ()
        unsatisfiable = sorted(
            c.iri
            for c in world.inconsistent_classes()
            if getattr(c, "iri", OWL_NOTHING) != OWL_NOTHING
        )
        return True, tuple(unsatisfiable)
    finally:
        world.close()


def _timed_profile_check(
    process: subprocess.Popen[str], started: float
) -> tuple[tuple[str, ...], float]:
    violations = finish_profile_check(process)
    return violations, time.perf_counter() - started


def check_owl(graph: Graph) -> OwlReport:
    """Profile-check and reason over ``graph``, both from one RDF/XML export, at once."""
    with tempfile.TemporaryDirectory(prefix="alignkg-owl-") as tmp:
        rdfxml = write_rdfxml(graph, Path(tmp) / "alignment.owl")
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=1) as pool:
            profile = pool.submit(_timed_profile_check, start_profile_check(rdfxml), started)
            consistent, unsatisfiable = run_hermit(rdfxml)
            reasoner_seconds = time.perf_counter() - started
            violations, profile_seconds = profile.result()
    return OwlReport(violations, consistent, unsatisfiable, profile_seconds, reasoner_seconds)
