import logging
from concurrent.futures import ThreadPoolExecutor

from odoo import Command, api, fields, models, modules
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, pdf

from .golf_workflow_mixin import FINANCE, SYSTEM, Transition

_logger = logging.getLogger(__name__)

BILLABLE_STATES = ("active", "suspended", "absent")
STATEMENT_WORKERS = 4  # wkhtmltopdf processes printing statements side by side

# finance bills the yearly dues; the run is done when nothing is left to bill. A done run is run
# again for the memberships that became billable since ("Bill New Members"; never twice).
BILLING_RUN_TRANSITIONS = (
    Transition("run", ("draft", "running", "done"), "running", (FINANCE,)),
    Transition("finish", ("running",), "done", SYSTEM),
)


class GolfBillingRun(models.Model):
    """The yearly dues run (R-6.2): one posted dues invoice per billable membership and year."""

    _name = "golf.billing.run"
    _description = "Yearly Dues Billing Run"
    _inherit = ["golf.workflow.mixin", "mail.thread"]
    _order = "year desc, id desc"
    _check_company_auto = True
    _workflow_transitions = BILLING_RUN_TRANSITIONS
    # What the run bills: a resumed run bills its last memberships like its first ones.
    _workflow_draft_fields = ("year", "company_id", "date_invoice", "date_due")

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
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        default="draft", required=True, tracking=True, copy=False,
    )
    invoice_ids = fields.One2many("account.move", "golf_billing_run_id", string="Dues Invoices", readonly=True)
    line_ids = fields.One2many("golf.billing.run.line", "run_id", string="Members", readonly=True)
    skipped_count = fields.Integer(compute="_compute_skipped_count", string="Skipped")
    billed_count = fields.Integer(compute="_compute_counts", string="Billed")
    sent_count = fields.Integer(compute="_compute_counts", string="Sent")
    paid_count = fields.Integer(compute="_compute_counts", string="Paid")
    amount_total = fields.Monetary(compute="_compute_counts", string="Billed Amount")
    amount_residual = fields.Monetary(compute="_compute_counts", string="Outstanding")
    can_run = fields.Boolean(compute="_compute_workflow_buttons")

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

    def _compute_skipped_count(self):
        counts = dict(self.env["golf.billing.run.line"]._read_group(
            [("run_id", "in", self.ids), ("status", "=", "skipped")], ["run_id"], ["__count"],
        ))
        for run in self:
            run.skipped_count = counts.get(run, 0)

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

    # ------------------------------------------------------------------ billing

    def action_run(self):
        """Bill every billable membership not billed yet for the year, in committed batches (R-6.2)."""
        self._check_action("run")
        for run in self:
            run._bill()
        return True

    def _billable_domain(self):
        """Active, suspended or absent memberships without a dues invoice of the year (the idempotency key),
        less those the run skipped for the year (nothing to bill): they would be selected again forever."""
        self.ensure_one()
        run_id = self.id
        not_skipped = Domain.custom(
            to_sql=lambda model, alias, query: SQL(
                "%s NOT IN (SELECT membership_id FROM golf_billing_run_line WHERE run_id = %s AND status = 'skipped')",
                model._field_to_sql(alias, "id", query), run_id,
            ),
            predicate=lambda membership: not membership.env["golf.billing.run.line"].sudo().search_count([
                ("run_id", "=", run_id), ("membership_id", "=", membership.id), ("status", "=", "skipped"),
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
        """Bill in batches of ``golf_billing_batch_size``; each batch is committed outside tests, so a run
        killed half-way and started again bills every membership exactly once."""
        self.ensure_one()
        self._apply_action("run")
        auto_commit = not modules.module.current_test
        Membership = self.env["golf.membership"].with_context(tracking_disable=True)
        batch_size = self.company_id.golf_billing_batch_size or 500
        batches = 0
        while max_batches is None or batches < max_batches:
            memberships = Membership.search(self._billable_domain(), limit=batch_size, order="id")
            if not memberships:
                break
            self._bill_memberships(memberships)
            batches += 1
            if auto_commit:
                remaining = Membership.search_count(self._billable_domain())
                self.env["ir.cron"]._commit_progress(len(memberships), remaining=remaining)
        if not Membership.search_count(self._billable_domain(), limit=1):
            self._apply_action("finish")
            self.message_post(body=self._golf_club_env()._("%(count)s memberships billed for %(year)s.",
                                                            count=self.billed_count, year=self.year))
        return batches

    def _bill_memberships(self, memberships):
        # What the invoices bill (golf_fee_type, golf_billing_year, golf_billing_run_id) is the module's to write:
        # as superuser, the user who runs the billing stays the author. The invoices get the entries of Odoo's
        # audit trail as any invoice does (created, then posted: see _golf_create_posted_batch); the user who
        # runs the billing is not made a follower of every member's invoice.
        Move = self.env["account.move"].sudo().with_company(self.company_id).with_context(
            mail_create_nosubscribe=True,
        )
        self._prefetch_billing_data(memberships)
        direct_values = self._direct_billing_values()
        direct, computed, skipped = [], [], []
        for membership in memberships:
            vals = self._prepare_dues_invoice_vals(membership)
            if not vals:
                skipped.append(self._prepare_skipped_line_vals(membership))
                continue
            if direct_values is None:
                computed.append(vals)
            else:
                direct.append(self._with_journal_lines(vals, membership.partner_id, direct_values))
        invoices = Move._golf_create_posted_batch(computed)
        invoices |= self._create_direct_invoices(Move, direct)
        self.env["golf.billing.run.line"].sudo().create(skipped + [
            {"run_id": self.id, "membership_id": invoice.golf_membership_id.id, "status": "billed",
             "invoice_id": invoice.id}
            for invoice in invoices
        ])
        _logger.info("Billing run %s: %s dues invoices posted, %s memberships skipped",
                     self.name, len(invoices), len(skipped))
        return invoices

    def _prepare_skipped_line_vals(self, membership):
        """Why ``membership`` has nothing to bill for the year: no month billed (an absence covering the
        whole year, R-9.2), otherwise a tier without dues."""
        reason = "absent" if not membership._dues_months(self.year) else "no_dues"
        return {"run_id": self.id, "membership_id": membership.id, "status": "skipped", "reason": reason}

    def _prefetch_billing_data(self, memberships):
        """Read in a few queries what the invoices of a batch need (names, dependents, absences, and the
        customers' fiscal data, which Odoo would otherwise read customer by customer)."""
        memberships.partner_id.with_company(self.company_id).mapped("property_account_position_id")
        memberships.member_partner_id.mapped("name")
        memberships.dependent_ids.partner_id.mapped("name")
        memberships.absence_ids.mapped("state")

    def _direct_billing_values(self):
        """Untaxed dues can be written with their journal items directly, which skips Odoo's invoice
        synchronisation (tax and payment-term lines) and bills about twice as fast. Returns the values
        shared by those invoices, or None when Odoo must compute the invoices as usual. Both paths write the
        same journal items, under lock dates, hash-restricted journals, analytic distribution models and
        fiscal positions (tests/test_billing_fast_path.py)."""
        if not self._dues_untaxed():
            return None
        company = self.company_id
        Move = self.env["account.move"].with_company(company)
        values = {"journal_id": Move.new({"move_type": "out_invoice", "company_id": company.id}).journal_id.id}
        DistributionModel = self.env["account.analytic.distribution.model"].sudo()
        if not DistributionModel.search_count(DistributionModel._check_company_domain(company), limit=1):
            values["analytic_distribution"] = False  # no distribution model to look up for each line
        return values

    def _dues_untaxed(self):
        """No tax can apply to the dues: none on the dues products, none by default on their income
        accounts or on the accounts a fiscal position maps them to."""
        company = self.company_id
        products = (company._golf_product("dues") | company._golf_product("dependent_dues")).with_company(company)
        if products.taxes_id.filtered_domain(self.env["account.tax"]._check_company_domain(company)):
            return False
        income_accounts = [product.product_tmpl_id._get_product_accounts()["income"] for product in products]
        if not all(income_accounts):
            return False
        accounts = self.env["account.account"].union(*income_accounts)
        accounts |= self.env["account.fiscal.position.account"].search([
            ("account_src_id", "in", accounts.ids), ("position_id.company_id", "in", company.parent_ids.ids),
        ]).account_dest_id
        return not accounts.tax_ids.filtered(lambda tax: tax.type_tax_use == "sale")

    def _with_journal_lines(self, vals, partner, direct_values):
        """The invoice's product lines and its receivable line, as Odoo's synchronisation would write them
        for an untaxed invoice without payment term."""
        product_lines = [command[2] for command in vals.pop("invoice_line_ids")]
        vals["journal_id"] = direct_values["journal_id"]
        line_commands, total = [], 0.0
        for line in product_lines:
            amount = self.currency_id.round(line["price_unit"] * line["quantity"])
            total += amount
            line_vals = dict(line, display_type="product", balance=-amount, amount_currency=-amount)
            if "analytic_distribution" in direct_values:
                line_vals["analytic_distribution"] = direct_values["analytic_distribution"]
            line_commands.append(Command.create(line_vals))
        line_commands.append(Command.create({
            "display_type": "payment_term",
            "name": vals.get("payment_reference") or "",
            "partner_id": partner.commercial_partner_id.id,
            "balance": total,
            "amount_currency": total,
            "date_maturity": vals["invoice_date_due"],
        }))
        vals["line_ids"] = line_commands
        return vals

    @api.model
    def _create_direct_invoices(self, Move, vals_list):
        """Create and post the invoices written with their journal items (balance checked at posting)."""
        return Move._golf_create_posted_batch(vals_list, direct=True)

    def _prepare_dues_invoice_vals(self, membership):
        """R-6.2 / R-7.5 / R-9.2: the member's months of dues and 12 months per dependent active in the year."""
        self.ensure_one()
        company = self.company_id
        tier = membership.type_id
        lines = []
        months = membership._dues_months(self.year)
        # the lines are read by the member, on the statement: in the member's language
        member_env = self.with_context(lang=membership.partner_id.lang or company.partner_id.lang or self.env.lang).env
        if tier.monthly_due and months:
            lines.append(membership._prepare_invoice_line_vals(
                company._golf_product("dues"),
                member_env._("Monthly dues %(year)s: %(member)s (%(months)s months)",
                             year=self.year, member=membership.member_partner_id.name, months=months),
                tier.monthly_due, quantity=months,
            ))
        # the family of an absent member has no rights and pays for the same months.
        for dependent in membership._dues_dependents(self.year):
            if not tier.dependent_monthly_due or not months:
                continue
            line = membership._prepare_invoice_line_vals(
                company._golf_product("dependent_dues"),
                member_env._("Dependent dues %(year)s: %(name)s (%(months)s months)",
                             year=self.year, name=dependent.display_name, months=months),
                tier.dependent_monthly_due, quantity=months,
            )
            line["golf_dependent_id"] = dependent.id
            lines.append(line)
        if not lines:
            return False
        vals = membership._prepare_invoice_vals("dues", lines, invoice_date=self.date_invoice, date_due=self.date_due)
        vals.update(golf_billing_year=self.year, golf_billing_run_id=self.id)
        return vals

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
        action = self.env["ir.actions.act_window"]._for_xml_id("golf_membership.action_golf_billing_run_line")
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {}
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
        for company in self.env["res.company"].search([]):
            year = today.year + 1
            if today < company._golf_billing_date(year):
                continue
            run = self.search([("company_id", "=", company.id), ("year", "=", year)], limit=1)
            if run.state == "done":
                continue
            if not run:
                run = self.create({"company_id": company.id, "year": year, "date_invoice": today})
            run.with_company(company)._bill()
