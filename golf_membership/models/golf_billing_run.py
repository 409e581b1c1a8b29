import logging
from concurrent.futures import ThreadPoolExecutor

from odoo import api, fields, models, modules
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, pdf

from .account_move import DUES_FEE_TYPES
from .golf_activity import schedule_activity_once
from .golf_isolation import process_isolated
from .golf_workflow_mixin import CLERK, FINANCE, SYSTEM, Transition

_logger = logging.getLogger(__name__)

# Not 'reserved': a membership kept without rights is exempt from dues; once reinstated it is
# billable again, by the next run or by "Bill New Members" on a done run.
BILLABLE_STATES = ("active", "suspended", "absent")
# Billing run lines whose membership the run does not select again (see _billable_domain).
NOT_SELECTED_AGAIN = ("skipped", "failed")
STATEMENT_WORKERS = 4  # wkhtmltopdf processes printing statements side by side

# member services prepare the run and submit it (出单), finance confirms it and the billing starts;
# the run is done when nothing is left to bill. A done run is run again for the memberships that became billable
# since ("Bill New Members"; never twice). Finance may still bill a draft run it prepared itself: finance's
# confirmation is the control, the clerk's preparation is member services' way to ask for it.
BILLING_RUN_TRANSITIONS = (
    Transition("submit", ("draft",), "submitted", (CLERK,)),
    Transition("reset", ("submitted",), "draft", (CLERK, FINANCE)),
    Transition("run", ("draft", "submitted", "running", "done"), "running", (FINANCE,)),
    Transition("finish", ("running",), "done", SYSTEM),
)
# Finance's to-do while a run waits for its confirmation.
ACTIVITY_CONFIRM_RUN = "golf_membership.mail_act_golf_billing_run_confirm"


class GolfBillingRun(models.Model):
    """The yearly dues run (R-6.2): one posted dues invoice per billable membership and year."""

    _name = "golf.billing.run"
    _description = "Yearly Dues Billing Run"
    _inherit = ["golf.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True
    _workflow_transitions = BILLING_RUN_TRANSITIONS
    # What the run bills: a resumed run bills its last memberships like its first ones.
    _workflow_draft_fields = ("year", "company_id", "date_invoice", "date_due")
    _workflow_fields = ("date_first_done", "preview_count", "preview_amount", "submitted_by_id")

    def _default_year(self):
        return fields.Date.context_today(self).year + 1

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(
        required=True, default=lambda self: self._default_year(), tracking=True, help="The year billed."
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    date_invoice = fields.Date(
        string="Invoice Date", required=True, default=fields.Date.context_today, tracking=True
    )
    date_due = fields.Date(
        string="Due Date", compute="_compute_date_due", store=True, readonly=False, required=True, tracking=True,
        precompute=True, help="By default 31 December of the year before the year billed.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Waiting for Finance"), ("running", "Running"), ("done", "Done")],
        default="draft", required=True, tracking=True, copy=False,
    )
    date_first_done = fields.Date(
        string="First Done On", readonly=True, copy=False,
        help="The day the run first billed everyone; members billed after it are billed on the day they are.",
    )
    invoice_ids = fields.One2many("account.move", "golf_billing_run_id", string="Dues Invoices", readonly=True)
    chunk_ids = fields.One2many("golf.billing.run.chunk", "run_id", string="Chunks", readonly=True)
    line_ids = fields.One2many("golf.billing.run.line", "run_id", string="Members", readonly=True)
    skipped_count = fields.Integer(compute="_compute_skipped_count", string="Skipped")
    failed_count = fields.Integer(compute="_compute_skipped_count", string="Failed")
    billed_count = fields.Integer(compute="_compute_counts", string="Billed")
    sent_count = fields.Integer(compute="_compute_counts", string="Sent")
    paid_count = fields.Integer(compute="_compute_counts", string="Paid")
    amount_total = fields.Monetary(compute="_compute_counts", string="Billed Amount")
    amount_residual = fields.Monetary(compute="_compute_counts", string="Outstanding")
    # what the clerk's preparation found to bill, for finance to check before confirming.
    preview_count = fields.Integer(
        string="Memberships to Bill", readonly=True, copy=False,
        help="Memberships the run would bill, counted when it was submitted to finance.",
    )
    preview_amount = fields.Monetary(
        string="Estimated Amount", readonly=True, copy=False,
        help="The dues the run would bill, before taxes, estimated when it was submitted to finance.",
    )
    submitted_by_id = fields.Many2one("res.users", string="Prepared By", readonly=True, copy=False)
    can_run = fields.Boolean(compute="_compute_workflow_buttons")
    can_submit = fields.Boolean(compute="_compute_workflow_buttons")
    can_reset = fields.Boolean(compute="_compute_workflow_buttons")

    _year_company_uniq = models.Constraint(
        "UNIQUE(company_id, year)", "The dues of a year are billed by a single run; resume the existing run."
    )

    def _golf_club_env(self):
        """What the run writes (its name, its messages) is in the club's language, whoever runs it."""
        lang = (self.company_id or self.env.company).partner_id.lang
        return self.with_context(lang=lang).env if lang else self.env

    @api.depends("year", "company_id")
    def _compute_name(self):
        for run in self:
            run.name = run._golf_club_env()._("Dues %(year)s", year=run.year)

    @api.depends("year", "company_id")
    def _compute_date_due(self):
        for run in self:
            if run.year and run.company_id:
                run.date_due = run.company_id._golf_dues_date_due(run.year)

    @api.depends("invoice_ids.state", "invoice_ids.payment_state", "invoice_ids.is_move_sent",
                 "invoice_ids.amount_residual_signed")
    def _compute_counts(self):
        groups = self.env["account.move"]._read_group(
            [("golf_billing_run_id", "in", self.ids), ("state", "=", "posted")],
            ["golf_billing_run_id", "payment_state", "is_move_sent"],
            ["__count", "amount_total_signed:sum", "amount_residual_signed:sum"],
        )
        stats = {run.id: dict(billed=0, sent=0, paid=0, total=0.0, residual=0.0) for run in self}
        for run, payment_state, sent, count, total, residual in groups:
            values = stats[run.id]
            values["billed"] += count
            values["sent"] += count if sent else 0
            values["paid"] += count if payment_state in ("paid", "in_payment") else 0
            values["total"] += total
            values["residual"] += residual
        for run in self:
            values = stats[run.id]
            run.billed_count = values["billed"]
            run.sent_count = values["sent"]
            run.paid_count = values["paid"]
            run.amount_total = values["total"]
            run.amount_residual = values["residual"]

    @api.depends("line_ids.status")
    def _compute_skipped_count(self):
        counts = {
            (run, status): count for run, status, count in self.env["golf.billing.run.line"]._read_group(
                [("run_id", "in", self.ids), ("status", "in", NOT_SELECTED_AGAIN)], ["run_id", "status"], ["__count"],
            )
        }
        for run in self:
            run.skipped_count = counts.get((run, "skipped"), 0)
            run.failed_count = counts.get((run, "failed"), 0)

    @api.constrains("year")
    def _check_year(self):
        for run in self:
            if not 2000 <= run.year <= 2999:
                raise ValidationError(self.env._("Enter the year billed, e.g. %(year)s.", year=self._default_year()))

    @api.constrains("date_invoice", "date_due")
    def _check_dates(self):
        for run in self:
            if run.date_due and run.date_invoice and run.date_due < run.date_invoice:
                raise ValidationError(self.env._("The due date of the dues cannot be before the invoice date."))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_empty(self):
        if self.invoice_ids:
            raise UserError(self.env._("A billing run that issued invoices cannot be deleted."))

    # ------------------------------------------------------------------ preparation

    def action_submit(self):
        """R-6.1: member services prepare the run: what it would bill is counted, and finance is asked to
        confirm it."""
        self._check_action("submit")
        for run in self:
            count, amount = run._preview()
            run._apply_action("submit", preview_count=count, preview_amount=amount, submitted_by_id=self.env.uid)
        schedule_activity_once(
            self, ACTIVITY_CONFIRM_RUN, FINANCE,
            lambda run: run.env._("Check and confirm the billing run %(run)s: %(count)s memberships to bill.",
                                  run=run.name, count=run.preview_count),
        )
        return True

    def action_reset(self):
        """Back to draft: finance sends the run back, or the clerk corrects it."""
        self._take_action("reset", preview_count=0, preview_amount=0.0, submitted_by_id=False)
        self.activity_unlink([ACTIVITY_CONFIRM_RUN])
        return True

    def _preview(self):
        """(memberships, untaxed amount) the run would bill now, read batch by batch as the billing does."""
        self.ensure_one()
        memberships = self.env["golf.membership"].search(self._billable_domain(), order="id")
        size = self.company_id.golf_billing_batch_size or 500
        count, amount = 0, 0.0
        for start in range(0, len(memberships), size):
            batch = memberships[start:start + size]
            self._prefetch_billing_data(batch)
            billed = batch._billed_dues_months([self.year])
            for membership in batch:
                lines = membership._prepare_dues_line_vals_list(self.year, billed[membership][self.year])
                if lines:
                    count += 1
                    amount += sum(line["price_unit"] * line["quantity"] for line in lines)
        return count, self.currency_id.round(amount)

    # ------------------------------------------------------------------ billing

    def action_run(self):
        """Bill every billable membership not billed yet for the year, in committed batches (R-6.2); run again
        once done, also the dependents approved since (R-7.5)."""
        self._check_action("run")
        for run in self:
            run_again = run.state == "done"
            run._retry_failed()
            run._bill()
            if run_again:
                run._bill_late_adjustments()
        return True

    def _billable_domain(self):
        """Active, suspended or absent memberships without a dues invoice of the year (the idempotency key),
        less those the run skipped for the year (nothing to bill) or failed to bill (until finance runs it
        again): they would be selected again forever."""
        self.ensure_one()
        run_id = self.id
        not_skipped = Domain.custom(
            to_sql=lambda model, alias, query: SQL(
                "%s NOT IN (SELECT membership_id FROM golf_billing_run_line WHERE run_id = %s AND status IN %s)",
                model._field_to_sql(alias, "id", query), run_id, NOT_SELECTED_AGAIN,
            ),
            predicate=lambda membership: not membership.env["golf.billing.run.line"].sudo().search_count([
                ("run_id", "=", run_id), ("membership_id", "=", membership.id),
                ("status", "in", NOT_SELECTED_AGAIN),
            ], limit=1),
        )
        return Domain.AND([[
            ("company_id", "=", self.company_id.id),
            ("state", "in", BILLABLE_STATES),
            ("invoice_ids", "not any", [
                ("golf_fee_type", "=", "dues"), ("golf_billing_year", "=", self.year), ("state", "!=", "cancel"),
            ]),
        ], not_skipped])

    def _bill(self, max_batches=None):
        """Bill what is left to bill, chunk by chunk (``golf.billing.run.chunk``): split it into chunks, wake
        the billing workers, and bill the chunks no worker holds, each committed outside tests, until none is
        left, ``max_batches`` chunks are billed or the cron's time is spent (the workers go on). A run killed
        half-way and started again, or billed by several workers at once, bills every membership once."""
        self.ensure_one()
        if self.state == "submitted":
            self.activity_feedback([ACTIVITY_CONFIRM_RUN])  # finance (or the yearly cron) confirmed it
        self._apply_action("run")
        Chunk = self.env["golf.billing.run.chunk"]
        self._prepare_chunks()
        auto_commit = not modules.module.current_test
        if auto_commit:
            self.env["ir.cron"]._commit_progress()
        batches = 0
        while (max_batches is None or batches < max_batches) and Chunk._time_left() > 0:
            chunk = Chunk._claim(self)
            if not chunk:
                break
            invoices = chunk._bill()
            batches += 1
            if auto_commit:
                self.env["ir.cron"]._commit_progress(len(invoices), remaining=Chunk._pending_count(self))
        if Chunk._time_left() <= 0:
            return batches  # the cron's time is spent: the billing workers go on
        self._finish_if_billed()
        return batches

    def _prepare_chunks(self):
        """Split the memberships left to bill into chunks of ``golf_billing_batch_size`` (consecutive ids) and
        wake the billing workers; nothing is split while a chunk of the run is still pending (the memberships
        of its id range that become billable are billed with it, the others when it is done)."""
        self.ensure_one()
        Chunk = self.env["golf.billing.run.chunk"]
        if Chunk._pending_count(self):
            return Chunk.sudo()
        size = self.company_id.golf_billing_batch_size or 500
        ids = self.env["golf.membership"].search(self._billable_domain(), order="id").ids
        chunks = Chunk.sudo().create([
            {"run_id": self.id, "membership_id_from": part[0], "membership_id_to": part[-1]}
            for part in (ids[start:start + size] for start in range(0, len(ids), size))
        ])
        if chunks:
            Chunk._trigger_workers()
        return chunks

    def _finish_if_billed(self):
        """The run is done once its chunks are billed and nothing billable is left; memberships that became
        billable meanwhile are split into new chunks instead."""
        self.ensure_one()
        if self.state != "running" or self.env["golf.billing.run.chunk"]._pending_count(self):
            return False
        if self._prepare_chunks():
            return False
        self._apply_action("finish", date_first_done=self.date_first_done or fields.Date.context_today(self))
        club_env = self._golf_club_env()
        self.message_post(body=club_env._("%(count)s memberships billed for %(year)s.",
                                          count=self.billed_count, year=self.year))
        if self.failed_count:
            self.message_post(body=club_env._(
                "%(count)s memberships could not be billed: see the failed members, fix them and run the "
                "billing again.", count=self.failed_count,
            ))
        return True

    def _retry_failed(self):
        """The memberships that failed are tried again (finance fixed them); their lines stay as a record."""
        failed = self.line_ids.filtered(lambda line: line.status == "failed").sudo()
        failed.status = "retried"
        failed.flush_recordset(["status"])  # read in SQL by _billable_domain

    def _bill_memberships(self, memberships):
        """Bill ``memberships`` in one batch. A batch that fails is billed again membership by membership, each
        in its own savepoint: one that cannot be billed (a customer without receivable account, an archived
        product, ...) is listed on the run as failed with the error, for finance to fix, and the others are
        billed (the run goes on)."""
        return self.env["account.move"].union(*process_isolated(memberships, self._bill_batch, self._record_failure))

    def _record_failure(self, membership, error):
        _logger.warning("Billing run %s: membership %s could not be billed: %s", self.name, membership.name, error)
        self.env["golf.billing.run.line"].sudo().create({
            "run_id": self.id, "membership_id": membership.id, "status": "failed", "error": str(error),
        })

    def _bill_batch(self, memberships):
        # What the invoices bill (golf_fee_type, golf_billing_year, golf_billing_run_id) is the module's to write:
        # as superuser, the user who runs the billing stays the author. The invoices get the entries of Odoo's
        # audit trail as any invoice does (created, then posted: see _golf_create_posted_batch); the user who
        # runs the billing is not made a follower of every member's invoice.
        Move = self.env["account.move"].sudo().with_company(self.company_id).with_context(
            mail_create_nosubscribe=True,
        )
        self._prefetch_billing_data(memberships)
        billed = memberships._billed_dues_months([self.year])
        direct_values = self._direct_billing_values()
        direct, computed, skipped = [], [], []
        for membership in memberships:
            vals = self._prepare_dues_invoice_vals(membership, billed[membership][self.year])
            if not vals:
                skipped.append(self._prepare_skipped_line_vals(membership))
                continue
            if direct_values is None:
                computed.append(vals)
            else:
                direct.append(Move._golf_with_journal_lines(vals, direct_values))
        invoices = Move._golf_create_posted_batch(computed)
        invoices |= Move._golf_create_posted_batch(direct, direct=True)
        self.env["golf.billing.run.line"].sudo().create(skipped + [
            {"run_id": self.id, "membership_id": invoice.golf_membership_id.id, "status": "billed",
             "invoice_id": invoice.id}
            for invoice in invoices
        ])
        _logger.info("Billing run %s: %s dues invoices posted, %s memberships skipped",
                     self.name, len(invoices), len(skipped))
        return invoices

    def _prepare_skipped_line_vals(self, membership):
        """Why ``membership`` has nothing to bill for the year: no month owed (an absence covering the whole
        year, R-9.2), its months billed with the admission balance or to the previous holder (R-1.4, R-4.3),
        otherwise a tier without dues."""
        owed = membership._dues_months(self.year)
        if not owed:
            reason = "absent"
        elif membership._dues_months_billed_elsewhere(self.year) >= owed:
            reason = "already_billed"
        else:
            reason = "no_dues"
        return {"run_id": self.id, "membership_id": membership.id, "status": "skipped", "reason": reason}

    def _prefetch_billing_data(self, memberships):
        """Read in a few queries what the invoices of a batch need (names, dependents, absences, and the
        customers' fiscal data, which Odoo would otherwise read customer by customer)."""
        memberships.partner_id.with_company(self.company_id).mapped("property_account_position_id")
        memberships.member_partner_id.mapped("name")
        memberships.dependent_ids.partner_id.mapped("name")
        memberships.absence_ids.mapped("state")
        memberships.balance_invoice_id.mapped("invoice_date")

    def _direct_billing_values(self):
        """The values shared by dues invoices written with their journal items (the fast path, see
        ``account.move._golf_direct_values``), or None when Odoo must compute them as usual."""
        company = self.company_id
        products = company._golf_product("dues") | company._golf_product("dependent_dues")
        return self.env["account.move"].with_company(company)._golf_direct_values(products)

    def _prepare_dues_invoice_vals(self, membership, billed=None):
        """R-6.2 / R-7.5 / R-9.2: the months of the year the member and each dependent owe and were not billed
        yet (see ``golf.membership._dues_months_to_bill``); ``billed``: what `_billed_dues_months` gives for the
        membership and the year. A membership billed once the run was done (run again for new members, late
        billing) is billed on the day, and its dues are due on that day at the earliest; before, on the run's
        dates, even when the run is resumed after them."""
        self.ensure_one()
        if billed is None:
            billed = membership._billed_dues_months([self.year])[membership][self.year]
        lines = membership._prepare_dues_line_vals_list(self.year, billed)
        if not lines:
            return False
        invoice_date = self.date_invoice
        if self.date_first_done:
            invoice_date = max(invoice_date, fields.Date.context_today(self))
        vals = membership._prepare_invoice_vals(
            "dues", lines, invoice_date=invoice_date, date_due=max(self.date_due, invoice_date),
        )
        vals.update(golf_billing_year=self.year, golf_billing_run_id=self.id)
        return vals

    # ------------------------------------------------------------------ members who join after the run

    @api.model
    def _bill_late_dues_for(self, memberships=None, companies=None):
        """R-6.2 / R-7.5: once a year's dues run is done, a member activated or a dependent approved since is
        billed the months of that year still owed, once: on activation or approval (``memberships``), and by
        the daily cron for all the memberships of ``companies`` (whatever was missed). Years already over are
        not billed again."""
        domain = [("state", "=", "done"), ("year", ">=", fields.Date.context_today(self).year)]
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        if memberships is not None:
            memberships = memberships.filtered(lambda m: m.state in BILLABLE_STATES)
            if not memberships:
                return
            domain.append(("company_id", "in", memberships.company_id.ids))
        for run in self.search(domain, order="year, id"):
            scope = None if memberships is None else memberships.filtered(lambda m, r=run: m.company_id == r.company_id)
            run.with_company(run.company_id)._bill_late_members(scope)

    @api.model
    def _cron_bill_late_dues(self):
        """Daily rule (``golf.membership._cron_daily``, company by company): bill what activations and approvals
        left unbilled."""
        self._bill_late_dues_for(companies=self.env.companies)

    def _bill_late_members(self, memberships=None):
        """Bill the memberships that became billable since the run (their dues invoice of the year), then, as a
        dues adjustment, the dependents approved since in memberships already billed and the months owed again
        by memberships the run skipped (an absence ended early, R-9.7)."""
        self.ensure_one()
        Membership = self.env["golf.membership"].with_context(tracking_disable=True)
        scope = Domain.TRUE if memberships is None else Domain("id", "in", memberships.ids)
        new = Membership.search(scope & self._billable_domain(), order="id")
        if new:
            self._bill_memberships(new)
        self._bill_late_adjustments(scope)

    def _bill_late_adjustments(self, scope=Domain.TRUE):
        """The dues adjustments of the memberships already billed or skipped by the run (see
        `_bill_late_members`), within the memberships of ``scope``."""
        self.ensure_one()
        skipped = self.env["golf.membership"].search(scope & Domain("state", "in", BILLABLE_STATES) & Domain(
            "id", "in", self.env["golf.billing.run.line"]._search([("run_id", "=", self.id), ("status", "=", "skipped")])
            .select("membership_id"),
        ))
        (self._memberships_with_dependents_to_bill(scope) | skipped)._bill_late_dues(self.year)

    def _memberships_with_dependents_to_bill(self, scope=Domain.TRUE):
        """Billable memberships with a dependent holding the card in the year and not billed for it."""
        self.ensure_one()
        dependents = self.env["golf.membership.dependent"].search([
            ("company_id", "=", self.company_id.id),
            ("state", "in", ("active", "suspended")),
            "|", ("date_start", "=", False), ("date_start", "<=", fields.Date.to_date(f"{self.year}-12-31")),
            "|", ("date_leaving", "=", False), ("date_leaving", ">=", fields.Date.to_date(f"{self.year}-01-01")),
            ("membership_id", "any", scope & Domain("state", "in", BILLABLE_STATES)),
        ])
        if not dependents:
            return self.env["golf.membership"]
        billed = self.env["account.move.line"]._read_group([
            ("golf_dependent_id", "in", dependents.ids),
            ("parent_state", "=", "posted"),
            ("move_id.golf_fee_type", "in", DUES_FEE_TYPES),
            ("move_id.golf_billing_year", "=", self.year),
        ], ["golf_dependent_id"])
        return (dependents - self.env["golf.membership.dependent"].union(*(dep for (dep,) in billed))).membership_id

    # ------------------------------------------------------------------ statements

    def action_print_statements(self):
        """R-6.2: every member's dues statement, in one PDF for mailing (kept on the run)."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(lambda inv: inv.state == "posted")
        if not invoices:
            raise UserError(self.env._("This run has no posted dues invoice to print."))
        attachment = self.env["ir.attachment"].create({
            "name": self._golf_club_env()._("Dues statements %(year)s.pdf", year=self.year),
            "type": "binary",
            "raw": self._render_statements_pdf(invoices),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/pdf",
        })
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}

    def _render_statements_pdf(self, invoices):
        """One PDF of all the statements. Each statement is rendered on its own and the files are merged:
        the wkhtmltopdf of Linux distributions (unpatched Qt) cannot render several documents at once.
        Outside tests the statements are rendered by a few wkhtmltopdf processes side by side, each in
        its own database cursor (the invoices are committed by then)."""
        if len(invoices) == 1 or modules.module.current_test:
            pdfs = [self._render_statement(self.env, invoice.id) for invoice in invoices]
        else:
            with ThreadPoolExecutor(max_workers=STATEMENT_WORKERS) as executor:
                pdfs = list(executor.map(self._render_statement_in_new_cursor, invoices.ids))
        return pdfs[0] if len(pdfs) == 1 else pdf.merge_pdf(pdfs)

    @api.model
    def _render_statement(self, env, invoice_id):
        report = env["ir.actions.report"]
        return report._render_qweb_pdf("golf_membership.report_golf_dues_statement", [invoice_id])[0]

    def _render_statement_in_new_cursor(self, invoice_id):
        with self.env.registry.cursor() as cr:
            return self._render_statement(self.env(cr=cr), invoice_id)

    def action_send_statements(self):
        """R-6.2: e-mail each member the dues statement as a PDF; invoices are marked as sent."""
        if not self.env.user.has_group(FINANCE):
            raise AccessError(self.env._("Only finance and club management may send the dues statements."))
        template = self.env.ref("golf_membership.mail_template_dues_statement")
        for run in self:
            invoices = run.invoice_ids.filtered(lambda inv: inv.state == "posted" and not inv.is_move_sent)
            for invoice in invoices:
                invoice.with_context(mail_notify_force_send=False).message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment", message_type="comment",
                )
            invoices.write({"is_move_sent": True})
            run.message_post(body=run._golf_club_env()._("%(count)s dues statements sent.", count=len(invoices)))
        return True

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "golf.billing.run",
            "res_id": self.id,
            "views": [(False, "form")],
            "view_mode": "form",
            "target": "current",
        }

    def action_view_lines(self):
        """The memberships of the run, billed and skipped, with their filters."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("golf_membership.golf_billing_run_line_action")
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_failed_lines(self):
        """The memberships the run could not bill, and the error to fix."""
        action = self.action_view_lines()
        action["context"] = {"search_default_failed": 1}
        return action

    def action_view_skipped_lines(self):
        """The memberships the run skipped, and why."""
        action = self.action_view_lines()
        action["context"] = {"search_default_skipped": 1}
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("golf_billing_run_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_yearly_billing(self):
        """From the billing date of each company (before 1 December), bill next year's dues; resumes a
        run that was interrupted."""
        today = fields.Date.context_today(self)
        year = today.year + 1
        companies = self.env["res.company"].search([("active", "=", True)], order="id")
        for company in companies.filtered(lambda company: today >= company._golf_billing_date(year)):
            run = self.search([("company_id", "=", company.id), ("year", "=", year)], limit=1)
            if run.state == "done":
                continue
            if not run:
                run = self.create({"company_id": company.id, "year": year, "date_invoice": today})
            run.with_company(company)._bill()
