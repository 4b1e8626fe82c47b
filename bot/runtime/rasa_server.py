"""`python -m bot.runtime.rasa_server [--without NAME,…] ARGS…` is `python -m rasa ARGS…` with a
faster model load (about 10 s less at every start) and three per-message savings; the same model, the
same weights, the same answers. Each speedup has a name, for A/B measures (`--without`):

`load` (start):
Rasa 3.6 loads DIETClassifier's TensorFlow model in two steps that trace TensorFlow graphs:
1. To create the weights before reading them from the model, it trains the model on one example with
   `model.fit`: TensorFlow traces the whole training step (loss, gradients, optimizer) into a graph,
   for one call. Here that one step runs eagerly (no graph): the weights are created all the same,
   then overwritten by the saved ones (`load_weights`).
2. It runs one prediction (the warm-up, so that the first message does not pay for it), which traces
   the prediction graph through AutoGraph: AutoGraph rewrites the Python source of every layer before
   tracing, most of that warm-up. The prediction code has no Python control flow on tensor values, so
   here it is traced without AutoGraph (`autograph=False`): the same operations, the same graph.

Measured on the held-out NLU set: identical intents, rankings and confidences (tests/e2e/
test_fast_load.py).

`validator` (per message that runs a custom action): Rasa checks every action-server reply with
`jsonschema.validate(reply, schema)`, which first checks the schema itself against the JSON Schema
metaschema, at every call. The schema is a constant: here its validator is built once, and the reply
is checked the same way (`best_match` of the same errors, the same message when it is invalid).

`events` (per message): every event read from the tracker store (the whole conversation, at every
message) finds its class by walking all the subclasses of Event (`Event.resolve_by_type`). Here a
class found is remembered by its type name (classes do not change while the server runs).

`sqlite` (per message, the SQLite tracker store of `make run`): SQLAlchemy 1.4 opens a new SQLite
connection for every session on a database file (NullPool), and SQLite's default journal (DELETE)
writes and syncs a rollback journal at every commit; a tracker is read and saved at every message. Here
SQLite connections are kept in a pool, and the database is put in write-ahead-log mode (WAL), which
keeps SQLite's default full sync at commit: a committed event is on disk as before. PostgreSQL and
other databases are left as Rasa sets them.

The patches are applied only to the Rasa version they were written for (3.6); with another version,
Rasa runs unchanged.
"""

from __future__ import annotations

import runpy
import sys
from typing import Any

PATCHED_RASA = "3.6."
SPEEDUPS = ("load", "validator", "events", "sqlite")


def fast_load(
    cls, model_file_name, model_data_example, predict_data_example=None, finetune_mode=False, *args, **kwargs
):
    """RasaModel.load (rasa/utils/tensorflow/models.py, Rasa 3.6), the weight-creating step run eagerly."""
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    model = cls(*args, **kwargs)
    config: dict[str, Any] = kwargs.get("config", {})
    run_eagerly = config.get(RUN_EAGERLY)
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.run_eagerly = run_eagerly  # what Rasa's own compile() would have set: predictions use it
    model.load_weights(model_file_name)
    if not finetune_mode and predict_data_example:
        model.run_inference(predict_data_example)  # warm-up: traces the prediction graph now
    return model


def validate_action_result(self, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result (rasa/core/actions/action.py, Rasa 3.6), with the
    validator of the constant response schema built once."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    validator = _response_validator(self)
    error = best_match(validator.iter_errors(result))  # what jsonschema.validate raises
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


_validators: dict[str, Any] = {}


def _response_validator(action) -> Any:
    if "response" not in _validators:
        from jsonschema.validators import validator_for

        schema = action.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)  # once, as jsonschema.validate does at every call
        _validators["response"] = cls(schema)
    return _validators["response"]


def install(without: tuple[str, ...] = ()) -> bool:
    """Patch Rasa (see the module docstring), except the speedups named in `without`; False when
    Rasa is not the version the patches were written for (nothing is changed then)."""
    import rasa

    if not rasa.__version__.startswith(PATCHED_RASA):
        return False
    if "load" not in without:
        install_load()
    if "validator" not in without:
        from rasa.core.actions.action import RemoteAction

        RemoteAction._validate_action_result = validate_action_result
    if "events" not in without:
        install_event_classes()
    if "sqlite" not in without:
        install_sqlite()
    return True


def install_load() -> None:
    import tensorflow as tf
    from rasa.utils.tensorflow.models import RasaModel

    rasa_predict = RasaModel._rasa_predict

    def predict_without_autograph(self, batch_in):
        if self._tf_predict_step is None and not self._run_eagerly:
            self._tf_predict_step = tf.function(
                self.predict_step, input_signature=self._dynamic_signature(batch_in), autograph=False
            )
        return rasa_predict(self, batch_in)

    RasaModel.load = classmethod(fast_load)
    RasaModel._rasa_predict = predict_without_autograph


def install_event_classes() -> None:
    from rasa.shared.core.events import Event

    resolve = Event.resolve_by_type
    found: dict[str, type] = {}

    def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
        """Event.resolve_by_type, remembering the classes found by their type name."""
        cls = found.get(type_name)
        if cls is None:
            cls = resolve(type_name, default)
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                found[type_name] = cls
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)


def install_sqlite() -> None:
    import rasa.core.tracker_store as tracker_store
    import sqlalchemy as sa

    rasa_kwargs = tracker_store.create_engine_kwargs

    def create_engine_kwargs(url) -> dict[str, Any]:
        """Rasa's engine arguments; for an SQLite file, a pool of connections (in WAL mode: below)."""
        kwargs = rasa_kwargs(url)
        if sa.engine.make_url(str(url)).get_backend_name() != "sqlite":
            return kwargs
        # One connection may serve the event loop's thread, then another (the pool checks it back
        # in): SQLite's own check is for a connection used by two threads at once, which a pool prevents.
        return {**kwargs, "poolclass": sa.pool.QueuePool, "connect_args": {"check_same_thread": False}}

    tracker_store.create_engine_kwargs = create_engine_kwargs
    if not sa.event.contains(sa.engine.Engine, "connect", write_ahead_log):
        sa.event.listen(sa.engine.Engine, "connect", write_ahead_log)


def write_ahead_log(dbapi_connection, _record) -> None:
    """Every new SQLite connection, of any engine, in WAL mode (the mode is kept in the file)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.execute("PRAGMA journal_mode=WAL")


def split_options(argv: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """`--without load,events run …` -> (("load", "events"), ["run", …]); unknown names refused."""
    if argv[:1] != ["--without"]:
        return (), argv
    names = tuple(name for name in (argv[1] if len(argv) > 1 else "").split(",") if name)
    unknown = [name for name in names if name not in SPEEDUPS]
    if unknown:
        raise SystemExit(f"--without: unknown speedup(s) {', '.join(unknown)} (known: {', '.join(SPEEDUPS)})")
    return names, argv[2:]


def main(argv: list[str]) -> None:
    without, rasa_argv = split_options(argv)
    install(without)
    sys.argv = ["rasa", *rasa_argv]
    runpy.run_module("rasa", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
