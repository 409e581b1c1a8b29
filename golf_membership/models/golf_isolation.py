"""Long jobs that must end: one record that fails does not stop the others."""

from psycopg2 import OperationalError


def process_isolated(records, process, record_failure):
    """Run ``process(records)`` in a savepoint. If it fails, run it record by record, each in a savepoint of its
    own, and call ``record_failure(record, error)`` for each record that fails (the others are processed).
    Returns the list of what ``process`` returned for what succeeded. A concurrency conflict is raised as is:
    the whole transaction is retried, nothing is wrong with the records."""
    cr = records.env.cr
    try:
        with cr.savepoint():
            return [process(records)]
    except OperationalError:
        raise
    except Exception as error:  # noqa: BLE001 - isolated below, record by record
        if len(records) == 1:
            record_failure(records, error)
            return []
    results = []
    for record in records:
        try:
            with cr.savepoint():
                results.append(process(record))
        except OperationalError:
            raise
        except Exception as error:  # noqa: BLE001 - reported by record_failure
            record_failure(record, error)
    return results
