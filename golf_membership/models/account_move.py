from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .golf_activity import schedule_activity_once
from .golf_workflow_mixin import CLERK, FINANCE

GOLF_FEE_TYPES = [
    ("deposit", "Deposit"),
    ("balance", "Admission Balance"),
    ("dues", "Yearly Dues"),
    ("dues_adjustment", "Dues Adjustment"),
    ("late_fee", "Late Fee"),
    ("refund", "Admission Refund"),
    ("cancellation", "Cancelled Admission"),
    ("transfer_fee", "Transfer Fee"),
    ("rename_fee", "Rename Fee"),
    ("absence_fee", "Absence Fee"),
    ("fine", "Fine"),
    ("bag_storage", "Bag Storage"),
    ("other", "Other"),
]
# The yearly dues, and the months credited or billed again when an absence changes them.
DUES_FEE_TYPES = ("dues", "dues_adjustment")
# The previous invoice number, looked up once for a batch of dues invoices (see _get_last_sequence).
LAST_SEQUENCE_MEMO = "golf_membership.last_sequence"
# The fields by which the module knows what an invoice bills (R-6.2: one dues invoice per membership and year,
# one late fee per overdue invoice, R-6.6: one renewal per bag storage): only the module writes them.
GOLF_MODULE_FIELDS = (
    "golf_membership_id", "golf_fee_type", "golf_billing_year", "golf_billing_run_id", "golf_late_fee_origin_id",
    "golf_bag_storage_id",
)
# An accountant may file an invoice of their own with a membership; what it bills is the module's to say.
GOLF_MODULE_CREATE_FIELDS = (
    "golf_fee_type", "golf_billing_year", "golf_billing_run_id", "golf_late_fee_origin_id", "golf_bag_storage_id",
)
# the payment reminders sent for an invoice, recorded by the module when it sends one.
GOLF_REMINDER_FIELDS = ("golf_reminder_step", "golf_reminder_date")
# the invoices member services chase (催收): every unpaid customer invoice of a membership or a bag
# storage, but the deposit (paid with the application, R-1.4) and what the club owes back.
NOT_CHASED_FEE_TYPES = ("deposit", "refund", "cancellation")
PAYMENT_REMINDER_TEMPLATE = "golf_membership.mail_template_golf_payment_reminder"


def check_module_fields(records, names, operation):
    """Refuse, for every user but the superuser and whatever the context, to ``operation`` ('create' or 'write')
    the fields ``names`` of ``records``' model: the module sets them itself, as superuser, when it bills."""
    if not names or records.env.su:
        return
    labels = ", ".join(records._fields[name]._description_string(records.env) for name in names)
    if operation == "create":
        message = records.env._(
            "%(fields)s of a new %(document)s are set by the golf membership module only, when it bills a "
            "member (at most one dues invoice per membership and year).",
            fields=labels, document=records._description,
        )
    else:
        message = records.env._(
            "%(fields)s of %(document)s cannot be changed: the golf membership module alone sets them, and "
            "they decide what a member has been billed (at most one dues invoice per membership and "
            "year). Cancel or reverse the invoice instead.",
            fields=labels, document=records._description,
        )
    raise UserError(message)


class AccountMove(models.Model):
    _inherit = "account.move"

    golf_membership_id = fields.Many2one(
        "golf.membership", index="btree_not_null", copy=False, readonly=True,
        check_company=True,
    )
    golf_fee_type = fields.Selection(GOLF_FEE_TYPES, string="Golf Fee", copy=False, readonly=True, index=True)
    golf_billing_year = fields.Integer(string="Billing Year", copy=False, readonly=True, index="btree_not_null")
    golf_billing_run_id = fields.Many2one(
        "golf.billing.run", string="Billing Run", copy=False, readonly=True, index="btree_not_null"
    )
    golf_late_fee_origin_id = fields.Many2one(
        "account.move", string="Late Fee For", copy=False, readonly=True, index="btree_not_null",
        help="The overdue invoice this late fee was charged for.",
    )
    golf_bag_storage_id = fields.Many2one(
        "golf.bag.storage", string="Bag Storage", copy=False, readonly=True, index="btree_not_null"
    )
    golf_late_fee_ids = fields.One2many("account.move", "golf_late_fee_origin_id", string="Late Fees", readonly=True)
    golf_reminder_step = fields.Integer(
        string="Payment Reminders Sent", copy=False, readonly=True,
        help="The last payment reminder sent for this invoice: 1 for the first, 2 for the second, and so on.",
    )
    golf_reminder_date = fields.Date(string="Last Payment Reminder", copy=False, readonly=True)
    golf_days_overdue = fields.Integer(
        string="Days Overdue", compute="_compute_golf_days_overdue",
        help="Days since the oldest unpaid part of the invoice fell due (0: nothing is overdue).",
    )

    # at most one dues invoice per membership and year, however often a run is started or resumed.
    _golf_dues_unique = models.UniqueIndex(
        "(golf_membership_id, golf_billing_year) WHERE golf_fee_type = 'dues' AND state != 'cancel'"
    )
    # at most one late fee per overdue invoice.
    _golf_late_fee_unique = models.UniqueIndex("(golf_late_fee_origin_id) WHERE state != 'cancel'")

    # ------------------------------------------------------------------ CRUD: the golf fields are the module's

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            context = self.env.context
            check_module_fields(self, [
                name for name in GOLF_MODULE_CREATE_FIELDS
                if context.get(f"default_{name}") or any(vals.get(name) for vals in vals_list)
            ], "create")
            self._golf_check_reminder_fields([
                name for name in GOLF_REMINDER_FIELDS
                if context.get(f"default_{name}") or any(vals.get(name) for vals in vals_list)
            ])
        return super().create(vals_list)

    def write(self, vals):
        check_module_fields(self, [name for name in GOLF_MODULE_FIELDS if name in vals], "write")
        if not self.env.su:
            self._golf_check_reminder_fields([name for name in GOLF_REMINDER_FIELDS if name in vals])
        return super().write(vals)

    def _golf_check_reminder_fields(self, names):
        if names:
            raise UserError(self.env._(
                "%(fields)s of %(document)s are recorded by the golf membership module when it sends a payment "
                "reminder.",
                fields=", ".join(self._fields[name]._description_string(self.env) for name in names),
                document=self._description,
            ))

    # ------------------------------------------------------------------ numbering of a billing batch

    def _get_last_sequence(self, relaxed=False, with_prefix=None):
        """When a billing run posts a batch of dues invoices (context ``golf_batch_numbering``), all of one
        journal and date, the previous number is looked up once for the batch instead of once per invoice.
        The numbers that follow it come from the sequence cache of ``_locked_increment``, which holds the
        lock on the sequence for the transaction; the memo is emptied before and after each batch."""
        if not self.env.context.get("golf_batch_numbering"):
            return super()._get_last_sequence(relaxed=relaxed, with_prefix=with_prefix)
        memo = self.env.cr.precommit.data.setdefault(LAST_SEQUENCE_MEMO, {})
        key = (self.journal_id.id, self.date, self.move_type, relaxed, with_prefix)
        if key not in memo:
            memo[key] = super()._get_last_sequence(relaxed=relaxed, with_prefix=with_prefix)
        return memo[key]

    # ------------------------------------------------------------------ audit trail of a billing batch

    @api.model
    def _golf_create_posted_batch(self, vals_list, direct=False):
        """Create and post a batch of the module's invoices (``direct``: written with their journal items,
        see ``_golf_post_batch``) with the entries Odoo's audit trail has for an invoice entered, then
        confirmed, in Odoo's screens: its creation message, then the tracked changes of its posting (status,
        number...), by the acting user. Odoo writes these messages one by one, each as a posted message
        (about 14 queries an invoice); they are written here for the whole batch at once, with the same
        values. The caller's context still decides, as for any invoice (``tracking_disable``,
        ``mail_create_nolog``, ``mail_notrack``)."""
        if not vals_list:
            return self.browse()
        context = self.env.context
        log_creation = not (context.get("tracking_disable") or context.get("mail_create_nolog"))
        track_posting = not (context.get("tracking_disable") or context.get("mail_notrack"))
        Move = self.with_context(mail_create_nolog=True)
        if direct:
            Move = Move.with_context(skip_invoice_sync=True, skip_invoice_line_sync=True, check_move_validity=False)
        invoices = Move.create(vals_list).with_env(self.env)
        if log_creation:
            invoices._golf_log_creation()
        tracked_fields = invoices._track_get_fields() if track_posting and invoices else ()
        initial_values = {invoice.id: {name: invoice[name] for name in tracked_fields} for invoice in invoices}
        quiet = invoices.with_context(mail_notrack=True)
        if direct:
            quiet._golf_post_batch()
        else:
            quiet.action_post()
        if tracked_fields:
            invoices._golf_log_tracking(tracked_fields, initial_values)
        return invoices

    @api.model
    def _golf_direct_values(self, products):
        """Untaxed invoices of ``products`` without payment term can be written with their journal items
        directly, which skips Odoo's invoice synchronisation (tax and payment-term lines) and bills about twice
        as fast. Returns the values shared by those invoices of the current company, or None when Odoo must
        compute the invoices as usual. Both paths write the same journal items, under lock dates,
        hash-restricted journals, analytic distribution models and fiscal positions
        (tests/test_billing_fast_path.py)."""
        company = self.env.company
        if not self._golf_products_untaxed(products):
            return None
        Move = self.with_company(company)
        values = {"journal_id": Move.new({"move_type": "out_invoice", "company_id": company.id}).journal_id.id}
        DistributionModel = self.env["account.analytic.distribution.model"].sudo()
        if not DistributionModel.search_count(DistributionModel._check_company_domain(company), limit=1):
            values["analytic_distribution"] = False  # no distribution model to look up for each line
        return values

    @api.model
    def _golf_products_untaxed(self, products):
        """No tax can apply to ``products`` in the current company: none on the products, none by default on
        their income accounts or on the accounts a fiscal position maps them to."""
        company = self.env.company
        products = products.with_company(company)
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

    @api.model
    def _golf_with_journal_lines(self, vals, direct_values):
        """``vals`` of an untaxed invoice without payment term in the company's currency, with its product
        lines and its receivable line as Odoo's synchronisation would write them (see ``_golf_direct_values``)."""
        currency = self.env.company.currency_id
        product_lines = [command[2] for command in vals.pop("invoice_line_ids")]
        vals["journal_id"] = direct_values["journal_id"]
        line_commands, total = [], 0.0
        for line in product_lines:
            amount = currency.round(line["price_unit"] * line["quantity"])
            total += amount
            line_vals = dict(line, display_type="product", balance=-amount, amount_currency=-amount)
            if "analytic_distribution" in direct_values:
                line_vals["analytic_distribution"] = direct_values["analytic_distribution"]
            line_commands.append(Command.create(line_vals))
        line_commands.append(Command.create({
            "display_type": "payment_term",
            "name": vals.get("payment_reference") or "",
            "partner_id": self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id,
            "balance": total,
            "amount_currency": total,
            "date_maturity": vals["invoice_date_due"],
        }))
        vals["line_ids"] = line_commands
        return vals

    def _golf_log_creation(self):
        """The creation message of each invoice, as ``mail.thread.create`` posts it."""
        subtype_by_type = {}  # looked up once per kind of move: env.ref() queries
        for move in self:
            if move.move_type not in subtype_by_type:
                subtype_by_type[move.move_type] = move._creation_subtype()
        with_subtype = self.filtered(lambda move: subtype_by_type[move.move_type])
        bodies = {move.id: Markup('<div summary="o_mail_notification"><p>%s</p></div>') % move._creation_message()
                  for move in self}
        (self - with_subtype)._message_log_batch(bodies=bodies)
        subtypes = {move.id: subtype_by_type[move.move_type].id for move in with_subtype}
        with_subtype._golf_create_posted_messages(with_subtype._golf_post_values(subtypes, bodies))

    def _golf_log_tracking(self, tracked_fields, initial_values):
        """The tracking message of each invoice's changes since ``initial_values``, as ``mail.thread`` logs
        them at the end of the transaction (``_message_track``)."""
        fields_info = self.fields_get(tracked_fields, attributes=("string", "type", "selection", "currency_field"))
        subtypes, bodies, trackings = {}, {}, {}
        subtype_by_change = {}  # the subtype of an invoice's change follows from these (env.ref() queries)
        moves = self.browse()
        for move in self:
            changes, tracking_value_ids = move._mail_track(fields_info, initial_values[move.id])
            if not changes:
                continue
            key = (move.move_type, move.state, move.payment_state, frozenset(changes))
            if key not in subtype_by_change or not move.is_invoice(include_receipts=True):
                subtype_by_change[key] = move._track_subtype({name: initial_values[move.id][name] for name in changes})
            subtype = subtype_by_change[key]
            body = move._track_get_default_log_message(changes)
            if not subtype:  # a note, as Odoo logs it
                move._message_log(body=body, tracking_value_ids=tracking_value_ids)
                continue
            moves |= move
            subtypes[move.id], bodies[move.id], trackings[move.id] = subtype.id, body, tracking_value_ids
        messages = moves._golf_create_posted_messages(moves._golf_post_values(subtypes, bodies))
        # the tracked values of all the messages in one go (mail.message.create writes them message by message)
        self.env["mail.tracking.value"].sudo().create([
            dict(command[2], mail_message_id=message.id)
            for message in messages
            for command in trackings[message.res_id]
        ])

    def _golf_post_values(self, subtypes, bodies):
        """The values ``message_post`` gives the messages of ``subtypes`` and ``bodies`` (by move id), posted
        as notifications by the acting user, each the reply to the latest message of its move."""
        author_id, email_from = self._message_compute_author()
        alias_domains = self.sudo()._mail_get_alias_domains(default_company=self.env.company)
        companies = self._mail_get_companies(default=self.env.company)
        reply_to = self._notify_get_reply_to(default=email_from, author_id=author_id)
        parents = dict(self.env.execute_query(SQL(
            """SELECT DISTINCT ON (res_id) res_id, id FROM mail_message
                WHERE model = %s AND res_id IN %s AND message_type != 'user_notification'
                ORDER BY res_id, message_type IN ('comment', 'email') DESC, date DESC, id DESC""",
            self._name, tuple(self.ids) or (0,),
        )))
        return [{
            "email_add_signature": True,
            "author_id": author_id,
            "author_guest_id": False,
            "email_from": email_from,
            "model": self._name,
            "res_id": move.id,
            "body": escape(bodies[move.id]),
            "message_type": "notification",
            "parent_id": parents.get(move.id, False),
            "subject": False,
            "subtype_id": subtypes[move.id],
            "partner_ids": [],
            "record_alias_domain_id": alias_domains[move.id].id,
            "record_company_id": companies[move.id].id,
            "reply_to": reply_to[move.id],
        } for move in self]

    def _golf_create_posted_messages(self, values_list):
        """Create the messages of ``values_list`` at once; a move that has followers notifies them as
        ``message_post`` does (the moves of a billing run have none)."""
        messages = self.sudo()._message_create(values_list)
        followed = set(self.filtered("message_partner_ids").ids)
        for message, values in zip(messages, values_list):
            if values["res_id"] in followed:
                self.browse(values["res_id"])._notify_thread(message, values)
        return messages

    def _golf_post_batch(self):
        """Post a batch of invoices written with their journal items: Odoo's invoice synchronisation
        would only recompute the same items, so it is skipped (the balance is still checked), and the
        batch is numbered with one look-up of the previous number."""
        precommit = self.env.cr.precommit.data
        precommit.pop(LAST_SEQUENCE_MEMO, None)
        try:
            self.with_context(skip_invoice_sync=True, golf_batch_numbering=True).action_post()
        finally:
            precommit.pop(LAST_SEQUENCE_MEMO, None)

    def _reconcile_open_receivables(self):
        """Set what these moves still owe against the credit still open on them (e.g. an adjustment)."""
        receivables = self.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        )
        if receivables.filtered(lambda line: line.balance > 0) and receivables.filtered(lambda line: line.balance < 0):
            receivables.reconcile()

    def _golf_payment_partials(self):
        """Reconciliations of these invoices with money received (payments and bank statement lines);
        credit notes are not money received."""
        return [
            partial_vals
            for move in self
            for partial_vals in move._get_all_reconciled_invoice_partials()
            if partial_vals["aml"].move_id.origin_payment_id or partial_vals["aml"].statement_line_id
        ]

    def _golf_paid_amount(self):
        """Money received for these invoices (R-1.5: what a rejected applicant gets back)."""
        return sum(partial_vals["amount"] for partial_vals in self._golf_payment_partials())

    def _golf_card_paid_amount(self):
        """Share of the money received through a credit-card journal (R-1.5)."""
        return sum(
            partial_vals["amount"]
            for partial_vals in self._golf_payment_partials()
            if partial_vals["aml"].journal_id.golf_is_card_journal
        )

    def _golf_last_payment_date(self):
        """Date of the latest payment reconciled with these invoices (the start of a membership, R-1.7)."""
        dates = [partial_vals["aml"].date for partial_vals in self._golf_payment_partials()]
        return max(dates) if dates else False

    # ------------------------------------------------------------------ online payment

    def _golf_is_payable_online(self):
        """Still owed on a posted customer invoice: the member may pay it on Odoo's invoice page."""
        self.ensure_one()
        return (
            self.state == "posted" and self.move_type == "out_invoice"
            and self.payment_state in ("not_paid", "partial") and not self.currency_id.is_zero(self.amount_residual)
        )

    def _golf_payment_url(self):
        """The full address of this invoice's page on the portal with Odoo's payment form open (its access token
        included, so that the member pays from an e-mail or a printed statement without logging in); False when
        nothing is owed."""
        self.ensure_one()
        if not self._golf_is_payable_online():
            return False
        return self.get_base_url() + self.get_portal_url(anchor="portal_pay", query_string="&payment=True")

    # ------------------------------------------------------------------ collection crons

    @api.model
    def _cron_golf_late_fees(self):
        """R-6.3: exactly one late fee for each dues or instalment invoice more than `golf_late_fee_days` overdue:
        `golf_late_fee_amount`, or `golf_late_fee_percent` of what is still owed."""
        Line = self.env["account.move.line"]
        today = fields.Date.context_today(self)
        for company in self.env.companies:
            cutoff = today - relativedelta(days=company.golf_late_fee_days)
            lines = Line.search(Line._golf_overdue_domain(cutoff, company, fee_types=(*DUES_FEE_TYPES, "balance")) + [
                ("move_id.golf_late_fee_ids", "=", False),
                ("move_id.golf_membership_id.state", "in", ("active", "suspended", "absent")),
                "|", ("move_id.golf_fee_type", "in", DUES_FEE_TYPES),
                ("move_id.invoice_payment_term_id.golf_installment_key", "!=", False),
            ])
            invoices = lines.move_id
            vals_list = [vals for vals in (inv._golf_prepare_late_fee_vals(today) for inv in invoices) if vals]
            Move = self.sudo().with_company(company)
            direct_values = Move._golf_direct_values(company._golf_product("late_fee"))
            direct = direct_values is not None and all(
                vals["currency_id"] == company.currency_id.id for vals in vals_list
            )
            if direct:
                vals_list = [Move._golf_with_journal_lines(vals, direct_values) for vals in vals_list]
            late_fees = Move._golf_create_posted_batch(vals_list, direct=direct)
            self.env["golf.notification.log"]._send_once(
                late_fees, "late_fee", "golf_membership.mail_template_golf_late_fee", queue=True,
            )

    def _golf_prepare_late_fee_vals(self, today):
        self.ensure_one()
        company = self.company_id
        amount = company.golf_late_fee_amount or self.currency_id.round(
            self.amount_residual * company.golf_late_fee_percent / 100.0
        )
        if self.currency_id.compare_amounts(amount, 0) <= 0:
            return False
        membership = self.golf_membership_id
        line = membership._prepare_invoice_line_vals(
            company._golf_product("late_fee"),
            self.env._("Late fee on %(invoice)s, due %(date)s", invoice=self.name, date=self.invoice_date_due),
            amount,
        )
        vals = membership._prepare_invoice_vals("late_fee", [line], invoice_date=today, date_due=today)
        vals["golf_late_fee_origin_id"] = self.id
        return vals

    @api.model
    def _cron_golf_instalment_reminders(self):
        """R-6.5: remind the member before each instalment falls due; member services get an activity for
        each instalment invoice overdue."""
        Line = self.env["account.move.line"]
        today = fields.Date.context_today(self)
        template = self.env.ref("golf_membership.mail_template_instalment_reminder")
        for company in self.env.companies:
            upcoming = Line.search([
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("golf_reminder_sent", "=", False),
                ("move_id.golf_fee_type", "=", "balance"),
                ("move_id.invoice_payment_term_id.golf_installment_key", "!=", False),
                ("date_maturity", ">=", today),
                ("date_maturity", "<=", today + relativedelta(days=company.golf_reminder_days)),
            ])
            for invoice in upcoming.move_id:
                invoice.message_post_with_source(template, subtype_xmlid="mail.mt_comment", message_type="comment")
            upcoming.golf_reminder_sent = True
        overdue = Line.search(Line._golf_overdue_domain(today, fee_types=("balance",)) + [
            ("company_id", "in", self.env.companies.ids),
            ("move_id.invoice_payment_term_id.golf_installment_key", "!=", False),
        ]).move_id
        schedule_activity_once(
            overdue, "golf_membership.mail_act_golf_instalment_overdue", CLERK,
            lambda invoice: invoice.env._("An instalment of %(invoice)s is overdue: chase the member.",
                                          invoice=invoice.name),
        )

    # ------------------------------------------------------------------ payment reminders

    @api.model
    def _golf_chased_line_domain(self):
        """Open receivable lines of the unpaid customer invoices member services chase (R-6.1 催收): dues, fees,
        instalments, late fees and bag storage renewals (R-6.6)."""
        return [
            ("parent_state", "=", "posted"),
            ("move_id.move_type", "=", "out_invoice"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("amount_residual", ">", 0),
            ("move_id.golf_fee_type", "not in", NOT_CHASED_FEE_TYPES),
            "|", ("move_id.golf_membership_id", "!=", False), ("move_id.golf_bag_storage_id", "!=", False),
        ]

    @api.model
    def _golf_overdue_since(self, domain, today):
        """{invoice: the due date of its oldest unpaid part} for the chased invoices of ``domain`` overdue
        on ``today``, in one query."""
        groups = self.env["account.move.line"]._read_group(
            self._golf_chased_line_domain() + domain + [("date_maturity", "<", today)],
            ["move_id"], ["date_maturity:min"],
        )
        return dict(groups)

    def _golf_days_overdue_by_invoice(self):
        """{invoice id: days since its oldest unpaid part fell due} for these invoices (0: not overdue)."""
        today = fields.Date.context_today(self)
        oldest = self._golf_overdue_since([("move_id", "in", self.ids)], today)
        return {invoice.id: (today - oldest[invoice]).days if invoice in oldest else 0 for invoice in self}

    @api.depends("line_ids.amount_residual", "line_ids.date_maturity")
    def _compute_golf_days_overdue(self):
        # Computed for the whole batch at once: the reminders rendered together read it in one query. It also
        # depends on the day: each day's jobs and screens read it in transactions of their own.
        days = self._origin._golf_days_overdue_by_invoice()
        for invoice in self:
            invoice.golf_days_overdue = days.get(invoice._origin.id, 0)

    def _golf_days_overdue(self):
        """Days since the oldest unpaid part of this invoice fell due (0 when nothing is overdue); the reminder
        templates saved before ``golf_days_overdue`` call it."""
        self.ensure_one()
        return self.golf_days_overdue

    @api.model
    def _cron_golf_payment_reminders(self):
        """Daily rule (R-6.1 / R-6.6): a payment reminder at each step of the company's setting (15, 30 and 60
        days overdue by default), once per invoice and step; an invoice found late past several steps gets
        the last one reached only. Paid invoices get none."""
        today = fields.Date.context_today(self)
        for company in self.env.companies:
            steps = company._golf_payment_reminder_steps()
            if not steps:
                continue
            overdue = self._golf_overdue_since(
                [("company_id", "=", company.id), ("date_maturity", "<=", today - relativedelta(days=steps[0]))],
                today,
            )
            by_step = defaultdict(lambda: self.browse())
            for invoice, oldest in overdue.items():
                step = self._golf_reminder_step_reached(steps, (today - oldest).days)
                if step > invoice.golf_reminder_step:
                    by_step[step] |= invoice
            for step, invoices in sorted(by_step.items()):
                invoices._golf_send_payment_reminder(step, queue=True)

    @api.model
    def _golf_reminder_step_reached(self, steps, days_overdue):
        """The number of the last reminder step reached ``days_overdue`` days after the due date (0: none)."""
        return sum(1 for days in steps if days <= days_overdue)

    def _golf_send_payment_reminder(self, step, queue=False):
        """Record reminder ``step`` on these invoices and e-mail it (in the member's language, kept in the
        chatter), once a day per invoice; with ``queue``, by the notices job (the daily rule). Returns the
        invoices reminded."""
        # Reminder fields only: nothing of the accounting changes (no synchronisation of the journal items),
        # and the invoices are not "manually modified".
        self.sudo().with_context(skip_invoice_sync=True, skip_is_manually_modified=True).write({
            "golf_reminder_step": step, "golf_reminder_date": fields.Date.context_today(self),
        })
        return self.env["golf.notification.log"]._send_once(
            self, "payment_reminder", PAYMENT_REMINDER_TEMPLATE, queue=queue,
        )

    def action_golf_send_payment_reminder(self):
        """Member services or finance send the payment reminder of the selected overdue invoices now (R-6.1):
        the step the invoice reached, or the last one sent again."""
        user = self.env.user
        if not (user.has_group(CLERK) or user.has_group(FINANCE)):
            raise AccessError(self.env._("Only member services and finance send payment reminders."))
        self.check_access("read")
        today = fields.Date.context_today(self)
        overdue = self._golf_overdue_since([("move_id", "in", self.ids)], today)
        if not overdue:
            raise UserError(self.env._("None of these invoices is overdue and unpaid: there is nothing to remind."))
        by_step = defaultdict(lambda: self.browse())
        for invoice, oldest in overdue.items():
            steps = invoice.company_id._golf_payment_reminder_steps()
            reached = self._golf_reminder_step_reached(steps, (today - oldest).days)
            by_step[max(reached, invoice.golf_reminder_step)] |= invoice
        sent = self.browse()
        for step, invoices in by_step.items():
            sent |= invoices._golf_send_payment_reminder(step)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if sent else "warning",
                "message": self.env._("%(count)s payment reminders sent.", count=len(sent)) if sent else
                self.env._("These members were already reminded today."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_golf_print_payment_reminders(self):
        """The payment reminder letters of these invoices, one page per member, to print and mail (R-6.1)."""
        return self.env.ref("golf_membership.report_golf_payment_reminder").report_action(self)
