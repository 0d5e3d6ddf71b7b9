"""One Spark session for the whole run: a classic local session (``--spark=classic``, the
default) or a client of a real Spark Connect server started here (``--spark=connect``).

PySpark chooses classic or Connect Columns for the whole process, so the two modes are two
pytest runs (``python/run-tests`` makes both) over the same tests.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

import losseval
from connect_server import ConnectServer

LOG_CONFIG = Path(__file__).with_name("log4j2.properties")

# Quiet, small and local: every server Spark starts binds 127.0.0.1.
SPARK_CONF = {
    "spark.sql.shuffle.partitions": "4",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--spark", choices=("classic", "connect"), default="classic",
                     help="a classic local[2] session, or a Spark Connect server on 127.0.0.1")


def pytest_report_header(config: pytest.Config) -> str:
    return f"spark: {config.getoption('spark')} (losseval jar: {losseval.jar_path()})"


@pytest.fixture(scope="session")
def spark_mode(pytestconfig: pytest.Config) -> str:
    return pytestconfig.getoption("spark")


@pytest.fixture(scope="session")
def spark(spark_mode: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    if spark_mode == "classic":
        builder = losseval.session_builder().master("local[2]")
        for key, value in SPARK_CONF.items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
        yield session
        session.stop()
        return
    server = ConnectServer(losseval.jar_path(), SPARK_CONF,
                           tmp_path_factory.mktemp("connect") / "server.log")
    atexit.register(server.stop)  # also when pytest is interrupted before the teardown
    server.start()
    try:
        session = SparkSession.builder.remote(server.url).getOrCreate()
        yield session
        session.stop()
    finally:
        server.stop()
