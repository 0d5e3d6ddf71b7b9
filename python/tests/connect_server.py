"""A real Spark Connect server for the tests: its own JVM, started by the pip-installed PySpark's
``spark-submit`` (whose jars include spark-connect), on 127.0.0.1 and a free port, with the
project's jar on its class path."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from pyspark.find_spark_home import _find_spark_home

SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"


def free_port() -> int:
    """A port nothing listens on now (the server binds it a moment later)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ConnectServer:
    """Start with :meth:`start`, always end with :meth:`stop` (it kills the whole process
    group that ``start`` created, so no JVM outlives the tests)."""

    def __init__(self, jar: str, conf: dict[str, str], log: Path, master: str = "local[2]"):
        self.jar = jar
        self.conf = conf
        self.log = log
        self.master = master
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"sc://127.0.0.1:{self.port}"

    def start(self, timeout_seconds: float = 300) -> None:
        spark_home = _find_spark_home()
        self.port = free_port()
        conf = {**self.conf, "spark.connect.grpc.binding.address": "127.0.0.1",
                "spark.connect.grpc.binding.port": str(self.port)}
        command = [os.path.join(spark_home, "bin", "spark-submit"), "--master", self.master,
                   "--class", SERVER_CLASS, "--jars", self.jar]
        for key, value in conf.items():
            command += ["--conf", f"{key}={value}"]
        env = {**os.environ, "SPARK_HOME": spark_home, "SPARK_LOCAL_IP": "127.0.0.1"}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=env,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout_seconds
        while not self._listening():
            if self.process.poll() is not None:
                raise RuntimeError(f"the Spark Connect server exited with code "
                                   f"{self.process.returncode}; its log:\n{self._log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the Spark Connect server did not listen on {self.url} "
                                   f"within {timeout_seconds:.0f} s; its log:\n{self._log_tail()}")
            time.sleep(0.5)

    def _listening(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def _log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        group = self.process.pid  # start_new_session: the group is the one this server leads
        os.killpg(group, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.process.wait()
