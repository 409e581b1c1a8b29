from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .golf_workflow_mixin import CLERK, SYSTEM, Transition

STORAGE_STATES = [("active", "Active"), ("expired", "Expired"), ("closed", "Closed")]
PAID_STATES = ("paid", "in_payment")

# a storage expires on its date; member services renew it once the renewal is paid, or close it.
STORAGE_TRANSITIONS = (
    Transition("expire", ("active",), "expired", SYSTEM),
    Transition("renew", ("active", "expired"), "active", (CLERK,), guard="_renew_refusal"),
    Transition("close", ("active", "expired"), "closed", (CLERK,)),
)


class GolfBagStorage(models.Model):
    """A rented bag storage slot (存包, R-6.6)."""

    _name = "golf.bag.storage"
    _description = "Bag Storage"
    _inherit = ["golf.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_end, slot"
    _check_company_auto = True
    _workflow_transitions = STORAGE_TRANSITIONS
    _workflow_initial_state = "active"
    _workflow_fields = ("reminder_sent", "renewal_invoice_id")
    # The period is set when the storage is rented and moved on only by a paid renewal.
    _workflow_draft_fields = ("date_start", "date_end")
    _workflow_draft_states = ()

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, tracking=True,
                                 check_company=True)
    membership_id = fields.Many2one("golf.membership", index="btree_not_null", check_company=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    slot = fields.Char(required=True, tracking=True)
    date_start = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(required=True, tracking=True, index=True,
                           default=lambda self: fields.Date.context_today(self) + relativedelta(years=1, days=-1))
    fee = fields.Monetary(help="Fee of one storage period.", tracking=True)
    state = fields.Selection(STORAGE_STATES, default="active", required=True, tracking=True, index=True)
    reminder_sent = fields.Boolean(copy=False, readonly=True)
    renewal_invoice_id = fields.Many2one("account.move", readonly=True, copy=False)
    invoice_ids = fields.One2many("account.move", "golf_bag_storage_id", string="Invoices", readonly=True)
    renewal_payment_state = fields.Selection(related="renewal_invoice_id.payment_state", string="Renewal Payment")
    can_renew = fields.Boolean(compute="_compute_workflow_buttons")
    can_close = fields.Boolean(compute="_compute_workflow_buttons")

    _fee_positive = models.Constraint("CHECK(fee >= 0)", "The storage fee cannot be negative.")
    _slot_unique = models.UniqueIndex(
        "(company_id, slot) WHERE state = 'active'", "This storage slot is already rented."
    )

    @api.depends("slot", "partner_id")
    def _compute_name(self):
        for storage in self:
            storage.name = f"{storage.slot or ''} - {storage.partner_id.name or ''}"

    @api.depends("state", "renewal_invoice_id.state", "renewal_invoice_id.payment_state")
    @api.depends_context("uid")
    def _compute_workflow_buttons(self):
        """The renewal waits for the payment of its invoice."""
        return super()._compute_workflow_buttons()

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for storage in self:
            if storage.date_end < storage.date_start:
                raise ValidationError(self.env._("The storage cannot end before it starts."))

    @api.ondelete(at_uninstall=False)
    def _unlink_without_invoices(self):
        if self.invoice_ids:
            raise UserError(self.env._("A storage with invoices cannot be deleted; close it instead."))

    # ------------------------------------------------------------------ guards of the transitions

    def _renew_refusal(self):
        """R-6.6: a storage is renewed once its renewal invoice is paid (without invoice, the action makes
        one when the storage has a fee)."""
        self.ensure_one()
        invoice = self._renewal_invoice()
        if invoice and invoice.payment_state not in PAID_STATES:
            return self.env._("The renewal invoice %(invoice)s of %(storage)s is not paid yet.",
                              invoice=invoice.display_name, storage=self.display_name)
        return False

    # ------------------------------------------------------------------ actions (member services)

    def action_close(self):
        self._take_action("close")
        return True

    def action_renew(self):
        """R-6.6: a new storage period after the last one, once paid; the reminder and renewal start over.
        A storage with a fee and no renewal invoice yet gets its invoice, and is renewed when it is paid."""
        self._check_action("renew")
        to_invoice = self.filtered(lambda storage: storage.fee and not storage._renewal_invoice())
        (self - to_invoice)._renew()
        if not to_invoice:
            return True
        to_invoice._invoice_renewal()
        for storage in to_invoice:
            storage.message_post(body=self.env._(
                "Renewal invoice %(invoice)s issued: the storage is renewed once it is paid.",
                invoice=storage.renewal_invoice_id.display_name,
            ))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "message": self.env._("Renewal invoiced: %(storages)s will be renewed once the invoice is paid.",
                                      storages=", ".join(to_invoice.mapped("display_name"))),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------ renewal

    def _renewal_invoice(self):
        """The renewal invoice, unless finance cancelled or reversed it: then there is none."""
        self.ensure_one()
        return self.renewal_invoice_id.filtered(lambda inv: inv.state != "cancel" and inv.payment_state != "reversed")

    def _next_period(self):
        self.ensure_one()
        start = self.date_end + relativedelta(days=1)
        return start, start + relativedelta(years=1, days=-1)

    def _renew(self):
        for storage in self:
            start, end = storage._next_period()
            storage._apply_action("renew", date_start=start, date_end=end, reminder_sent=False,
                                  renewal_invoice_id=False)

    def _invoice_renewal(self):
        # golf_fee_type and golf_bag_storage_id are the module's to write (account.move GOLF_MODULE_CREATE_FIELDS):
        # as superuser, the user who renews stays the author.
        invoices = self.env["account.move"].sudo()._golf_create_posted_batch(
            [storage._prepare_renewal_invoice_vals() for storage in self]
        )
        for storage, invoice in zip(self, invoices):
            storage.sudo().renewal_invoice_id = invoice
        return invoices

    def _prepare_renewal_invoice_vals(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        start, end = self._next_period()
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": today,
            "invoice_date_due": today + relativedelta(days=self.company_id.golf_balance_days),
            "invoice_payment_term_id": False,
            "invoice_origin": self.name,
            "golf_membership_id": self.membership_id.id,
            "golf_fee_type": "bag_storage",
            "golf_bag_storage_id": self.id,
            "invoice_line_ids": [Command.create({
                "product_id": self.company_id._golf_product("bag_storage").id,
                "name": self.env._("Bag storage %(slot)s, %(start)s to %(end)s", slot=self.slot, start=start, end=end),
                "quantity": 1,
                "price_unit": self.fee,
            })],
        }

    @api.model
    def _cron_bag_storage(self):
        """R-6.6: remind before expiry; on expiry list the customer and issue exactly one renewal invoice."""
        today = fields.Date.context_today(self)
        template = self.env.ref("golf_membership.mail_template_bag_storage_reminder")
        companies = [("company_id", "in", self.env.companies.ids)]
        for company in self.env.companies:
            soon = self.search([
                ("company_id", "=", company.id), ("state", "=", "active"), ("reminder_sent", "=", False),
                ("date_end", "<=", today + relativedelta(days=company.golf_reminder_days)),
            ])
            for storage in soon:
                storage.message_post_with_source(template, subtype_xmlid="mail.mt_comment", message_type="comment")
            soon.sudo().reminder_sent = True
        self.search(companies + [("state", "=", "active"), ("date_end", "<", today)])._apply_action("expire")
        to_invoice = self.search(companies + [
            ("state", "=", "expired"), ("renewal_invoice_id", "=", False), ("fee", ">", 0),
        ])
        if to_invoice:
            to_invoice._invoice_renewal()
