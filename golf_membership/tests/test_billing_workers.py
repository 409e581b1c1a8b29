import contextlib
import threading
import time
from datetime import timedelta
from unittest.mock import patch

from odoo import api, fields
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import TransactionCase, tagged

WORKERS_COMPANY = "Workers Golf Club"


@tagged("post_install", "-at_install")
class TestBillingWorkers(TransactionCase):
    """R-6.2, issue 12: a billing run split into chunks that several workers bill in parallel, each chunk in
    a transaction of its own. Real concurrency needs committed data and database connections of their own:
    the class builds a club of its own (with its chart of accounts), commits it, and leaves it closed
    (company archived, memberships cancelled) for the other tests. Each test bills a year of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            company = env["res.company"].create({"name": WORKERS_COMPANY, "golf_billing_batch_size": 3})
            env["account.chart.template"].with_company(company).try_loading("generic_coa", company, install_demo=False)
            env = env(context={"allowed_company_ids": company.ids})
            tier = env["golf.membership.type"].create({
                "name": "Workers", "code": "WORK", "kind": "individual", "company_id": company.id,
                "entrance_fee": 0.0, "deposit_amount": 0.0, "monthly_due": 1000.0, "dependent_monthly_due": 300.0,
            })
            cls.company_id, cls.tier_id = company.id, tier.id
        cls.addClassCleanup(cls._close_workers_club)

    @classmethod
    def _close_workers_club(cls):
        with cls.registry.cursor() as cr:
            cr.execute("UPDATE golf_membership SET state = 'cancelled' WHERE company_id = %s", [cls.company_id])
            api.Environment(cr, api.SUPERUSER_ID, {})["res.company"].browse(cls.company_id).active = False

    # ------------------------------------------------------------------ helpers

    @contextlib.contextmanager
    def _worker_env(self):
        """A worker: a database connection of its own, committed by the code it runs."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, api.SUPERUSER_ID, {"allowed_company_ids": [self.company_id]})

    def _start_worker(self, errors, barrier=None):
        """A worker in a thread of its own, billing chunks until none is left. The test runner holds the
        registry's lock while tests run, and a thread looks the registry up (e.g. Odoo's post-commit hooks
        do): it is disabled meanwhile, as Odoo's own registry test mode does (the registry is loaded)."""
        lock = patch.object(Registry, "_lock", DummyRLock())
        lock.start()
        self.addCleanup(lock.stop)
        cr = self.registry.cursor()
        env = api.Environment(cr, api.SUPERUSER_ID, {"allowed_company_ids": [self.company_id]})

        def work():
            try:
                if barrier:
                    barrier.wait()
                env["golf.billing.run.chunk"]._cron_bill_chunks()
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)
            finally:
                cr.close()

        thread = threading.Thread(target=work, name="golf-billing-worker")
        thread.start()
        return thread

    def _started_run(self, year, count):
        """``count`` active memberships (every third one with a spouse), and the run of ``year`` started:
        split into chunks of 3 memberships, committed, waiting for the workers."""
        with self._worker_env() as env:
            today = fields.Date.context_today(env["res.partner"])
            partners = env["res.partner"].create([{"name": f"Worker member {year}-{i}"} for i in range(count)])
            memberships = env["golf.membership"].create([
                {"partner_id": partner.id, "type_id": self.tier_id, "company_id": self.company_id, "phase_id": False, "price": 0.0,
                 "state": "active", "date_start": today - timedelta(days=400)}
                for partner in partners
            ])
            spouses = env["res.partner"].create([{"name": f"Worker spouse {year}-{i}"} for i in range(0, count, 3)])
            env["golf.membership.dependent"].create([
                {"membership_id": membership.id, "partner_id": spouse.id, "relation": "spouse", "state": "active",
                 "date_start": today - timedelta(days=300)}
                for membership, spouse in zip(memberships[::3], spouses)
            ])
            run = env["golf.billing.run"].create({"company_id": self.company_id, "year": year})
            run._apply_action("run")
            run._prepare_chunks()
            return run.id, memberships.ids

    def _assert_billed_once(self, run_id, year):
        """Every active membership of the club (those of the earlier tests too) has exactly one posted dues
        invoice of the year, listed on the run, with its 12 months and its spouse's; the run is done."""
        with self._worker_env() as env:
            memberships = env["golf.membership"].search([("company_id", "=", self.company_id), ("state", "=", "active")])
            env.cr.execute(
                """SELECT golf_membership_id, count(*) FROM account_move
                    WHERE golf_fee_type = 'dues' AND golf_billing_year = %s AND state = 'posted'
                 GROUP BY golf_membership_id""",
                [year],
            )
            self.assertEqual(dict(env.cr.fetchall()), dict.fromkeys(memberships.ids, 1))
            run = env["golf.billing.run"].browse(run_id)
            self.assertEqual(run.state, "done")
            self.assertEqual(run.billed_count, len(memberships))
            self.assertEqual(run.line_ids.filtered(lambda line: line.status == "billed").membership_id, memberships)
            self.assertTrue(all(run.chunk_ids.mapped("date_done")))
            self.assertEqual(sum(run.chunk_ids.mapped("billed_count")), len(memberships))
            spouses = memberships.dependent_ids.filtered(lambda dependent: dependent.state == "active")
            self.assertEqual(run.amount_total, 12 * 1000.0 * len(memberships) + 12 * 300.0 * len(spouses))

    # ------------------------------------------------------------------ tests

    def test_workers_claim_different_chunks(self):
        """A chunk held by a worker is skipped by the others, which take the next one."""
        run_id = self._started_run(2031, 7)[0]
        with self._worker_env() as env_a, self._worker_env() as env_b:
            chunk_a = env_a["golf.billing.run.chunk"]._claim()
            chunk_b = env_b["golf.billing.run.chunk"]._claim()
            self.assertTrue(chunk_a and chunk_b)
            self.assertNotEqual(chunk_a.id, chunk_b.id)
            # (one after the other: the invoice numbers of a journal are taken by one transaction at a time)
            chunk_a._bill()
            env_a.cr.commit()
            chunk_b._bill()
            env_b.cr.commit()
        with self._worker_env() as env:
            env["golf.billing.run.chunk"]._cron_bill_chunks()
        self._assert_billed_once(run_id, 2031)

    def test_two_workers_started_at_once_bill_every_membership_once(self):
        run_id = self._started_run(2032, 10)[0]
        start = threading.Barrier(2, timeout=60)
        errors = []
        threads = [self._start_worker(errors, start) for _n in range(2)]
        for thread in threads:
            thread.join(timeout=300)
        self.assertFalse(any(thread.is_alive() for thread in threads), "a worker did not finish")
        self.assertEqual(errors, [])
        self._assert_billed_once(run_id, 2032)

    def test_killed_worker_leaves_nothing_half_billed(self):
        """A worker killed half-way through a chunk leaves no invoice; another worker claims the chunk again
        and bills all of it."""
        run_id, membership_ids = self._started_run(2033, 5)
        doomed_cr = self.registry.cursor()
        doomed = api.Environment(doomed_cr, api.SUPERUSER_ID, {"allowed_company_ids": [self.company_id]})
        chunk = doomed["golf.billing.run.chunk"]._claim()
        members = doomed["golf.membership"].browse(membership_ids).filtered(
            lambda m: chunk.membership_id_from <= m.id <= chunk.membership_id_to
        )
        half_billed = chunk.run_id.with_company(chunk.company_id)._bill_memberships(members[:2])
        doomed.flush_all()
        self.assertEqual(len(half_billed), 2)
        # Another worker bills the other chunk; it waits for the doomed worker's invoice numbers to post its own.
        errors = []
        survivor = self._start_worker(errors)
        try:
            self._wait_until_a_worker_waits()
        finally:
            # The worker dies: its transaction ends without a commit (PostgreSQL rolls back the transaction of
            # a connection whose process is killed); the benchmark kills real Odoo servers with SIGKILL.
            doomed_cr.close()
        survivor.join(timeout=300)
        self.assertFalse(survivor.is_alive(), "the other worker did not finish")
        self.assertEqual(errors, [])
        with self._worker_env() as env:
            env.cr.execute("SELECT count(*) FROM account_move WHERE id IN %s", [tuple(half_billed.ids)])
            self.assertEqual(env.cr.fetchone()[0], 0, "the killed worker's invoices were rolled back")
        self._assert_billed_once(run_id, 2033)

    def _wait_until_a_worker_waits(self):
        """Until a connection of the database waits for a lock (at most a minute)."""
        with self._worker_env() as env:
            for _attempt in range(600):
                env.cr.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "AND wait_event_type = 'Lock'")
                if env.cr.fetchone()[0]:
                    return
                env.cr.rollback()
                time.sleep(0.1)
        self.fail("the other worker never waited for the doomed one")
