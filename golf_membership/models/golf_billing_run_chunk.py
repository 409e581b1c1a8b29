import logging
import time

from psycopg2.extensions import TransactionRollbackError

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# The scheduled actions of this model are the billing workers (see GolfBillingRunChunk).
CHUNK_WORKER_MODEL = "golf.billing.run.chunk"


class GolfBillingRunChunk(models.Model):
    """A slice of a billing run (R-6.2): the billable memberships of an id range, billed by one worker in
    one transaction.

    How the work is shared. ``golf.billing.run._bill`` splits what is left to bill into chunks of
    ``golf_billing_batch_size`` memberships and triggers the scheduled actions of this model, the billing
    workers ("Golf Membership: bill dues (worker 1)", "(worker 2)"). Each worker claims the next chunk no
    other worker holds (``SELECT ... FOR NO KEY UPDATE SKIP LOCKED``), bills it, marks it done and commits,
    in one transaction; then claims the next one, until none is left or its cron's time is spent (it then
    triggers the workers again and stops). The button "Run" and the yearly cron are workers too.

    Exactly once: a chunk is held by one transaction at a time, its memberships are selected with the run's
    billable domain (a membership with a dues invoice of the year is not billable), and the database refuses
    a second dues invoice for a membership and year (``account.move._golf_dues_unique``). A worker that dies
    (SIGKILL, lost server) leaves nothing: PostgreSQL rolls back its transaction, the lock goes with it, and
    the next worker claims the chunk again.

    Running workers in parallel. Odoo runs one scheduled action in one worker at a time (the ``ir_cron`` row
    is locked while it runs), so the parallelism comes from several scheduled actions claiming chunks of the
    same run: the module ships two, and each copy of them (Settings > Technical > Scheduled Actions,
    Duplicate) adds one more worker. They run side by side when the Odoo servers sharing the database have
    as many cron workers: ``--max-cron-threads=2`` on one server runs two different scheduled actions at
    once (threads of one process: use ``--workers=N`` as well so that each cron worker is a process of its
    own and gets its own CPU), or two servers with ``--max-cron-threads=1`` each. The workers are woken at
    once through the database's notifications (``ir.cron._trigger``).
    """

    _name = "golf.billing.run.chunk"
    _description = "Yearly Dues Billing Run Chunk"
    _order = "run_id, id"

    run_id = fields.Many2one("golf.billing.run", string="Billing Run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    membership_id_from = fields.Integer(string="First Membership ID", required=True)
    membership_id_to = fields.Integer(string="Last Membership ID", required=True)
    date_done = fields.Datetime(string="Billed On", readonly=True)
    billed_count = fields.Integer(string="Invoices", readonly=True)

    _pending_idx = models.Index("(id) WHERE date_done IS NULL")

    # ------------------------------------------------------------------ claims

    @api.model
    def _claim(self, run=None):
        """Lock and return the next chunk to bill (of ``run`` if given) that no other worker holds, or an empty
        recordset. The lock lasts until the transaction ends: the caller bills the chunk and commits."""
        self.flush_model(["run_id", "date_done"])
        self.env["golf.billing.run"].flush_model(["state"])
        run_filter = SQL("AND chunk.run_id = %s", run.id) if run else SQL()
        query = SQL(
            """SELECT chunk.id FROM golf_billing_run_chunk chunk
                WHERE chunk.date_done IS NULL %s
                  AND chunk.run_id IN (SELECT id FROM golf_billing_run WHERE state = 'running')
             ORDER BY chunk.id LIMIT 1
                  FOR NO KEY UPDATE SKIP LOCKED""",
            run_filter,
        )
        for _attempt in range(5):
            try:
                self.env.cr.execute(query, log_exceptions=False)
            except TransactionRollbackError:
                # A chunk billed by another worker since this transaction started (repeatable read): the claim
                # is the first statement of its transaction, start it again.
                self.env.cr.rollback()
                continue
            row = self.env.cr.fetchone()
            return self.sudo().browse(row[0] if row else ())
        return self.sudo().browse()

    @api.model
    def _pending_count(self, run=None):
        """Chunks not billed yet, held by a worker or not."""
        domain = [("date_done", "=", False)] + ([("run_id", "=", run.id)] if run else [])
        return self.sudo().search_count(domain)

    # ------------------------------------------------------------------ billing

    def _bill(self):
        """Bill the memberships of this chunk that are still billable and mark it done (the caller commits)."""
        self.ensure_one()
        run = self.run_id.with_company(self.company_id)
        memberships = self.env["golf.membership"].search(Domain.AND([run._billable_domain(), [
            ("id", ">=", self.membership_id_from), ("id", "<=", self.membership_id_to),
        ]]), order="id")
        invoices = run._bill_memberships(memberships) if memberships else self.env["account.move"]
        self.write({"date_done": fields.Datetime.now(), "billed_count": len(invoices)})
        return invoices

    @api.model
    def _trigger_workers(self):
        """Wake the billing workers: every active scheduled action of this model."""
        crons = self.env["ir.cron"].sudo().search([("model_id.model", "=", CHUNK_WORKER_MODEL)])
        for cron in crons:
            cron._trigger()

    @api.model
    def _time_left(self):
        """Seconds left to the cron calling this code (``ir.cron`` gives each run of a scheduled action about
        10 s, then calls it again up to 10 times): a worker checks it before claiming a chunk, so that a
        scheduled action stays well within ``limit_time_real_cron``. Outside a cron, no limit."""
        end = self.env.context.get("cron_end_time")
        return float("inf") if end is None else end - time.monotonic()

    @api.model
    def _cron_bill_chunks(self):
        """One billing worker (see the class): claim a chunk, bill it, commit; until no chunk is free or the
        cron's time is spent (the workers are then woken again to go on). Called outside a cron, it commits
        each chunk the same way."""
        IrCron = self.env["ir.cron"]
        while self._time_left() > 0:
            chunk = self._claim()
            if not chunk:
                self._finish_runs()
                return
            invoices = chunk._bill()
            IrCron._commit_progress(len(invoices), remaining=self._pending_count())
        if self._pending_count():
            self._trigger_workers()
            IrCron._commit_progress()

    @api.model
    def _finish_runs(self):
        """Close the running runs whose chunks are all billed. Called by a worker that found no chunk to claim,
        after its last commit: of two workers billing the last two chunks, the one committing last sees
        both done. Two workers closing the same run at once: the second one's transaction fails to update
        the run and is rolled back, nothing else was in it."""
        runs = self.env["golf.billing.run"].sudo().search([("state", "=", "running")])
        for run in runs:
            try:
                run.with_company(run.company_id)._finish_if_billed()
                self.env.flush_all()
            except TransactionRollbackError:
                self.env.cr.rollback()
                _logger.info("Billing run %s was closed by another worker", run.id)
                return
            self.env["ir.cron"]._commit_progress()
