from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .golf_workflow_mixin import CLERK, SYSTEM, Transition

STORAGE_STATES = [("active", "Active"), ("expired", "Expired"), ("closed", "Closed")]

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
    renewal_invoice_id = fields.Many2one("account.move", readonly=True, copy=False, string="Renewal Invoice")
    invoice_ids = fields.One2many("account.move", "golf_bag_storage_id", string="Invoices", readonly=True)
    renewal_payment_state = fields.Selection(related="renewal_invoice_id.payment_state", string="Renewal Payment")

    _fee_positive = models.Constraint("CHECK(fee >= 0)", "The storage fee cannot be negative.")
    _slot_unique = models.UniqueIndex(
        "(company_id, slot) WHERE state = 'active'", "This storage slot is already rented."
    )

    @api.depends("slot", "partner_id")
    def _compute_name(self):
        for storage in self:
            storage.name = f"{storage.slot or ''} - {storage.partner_id.name or ''}"

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for storage in self:
            if storage.date_end < storage.date_start:
                raise ValidationError(self.env._("The storage cannot end before it starts."))

    @api.ondelete(at_uninstall=False)
    def _unlink_without_invoices(self):
        if self.invoice_ids:
            raise UserError(self.env._("A storage with invoices cannot be deleted; close it instead."))

    def action_close(self):
        self.write({"state": "closed"})

    def action_renew(self):
        """A new storage period after the last one; the reminder and renewal start over."""
        for storage in self:
            if storage.state == "closed":
                raise UserError(self.env._("A closed storage cannot be renewed."))
            start = storage.date_end + relativedelta(days=1)
            storage.write({
                "state": "active", "date_start": start, "date_end": start + relativedelta(years=1, days=-1),
                "reminder_sent": False, "renewal_invoice_id": False,
            })
        return True

    def _prepare_renewal_invoice_vals(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        start = self.date_end + relativedelta(days=1)
        end = start + relativedelta(years=1, days=-1)
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
        for company in self.env["res.company"].search([]):
            soon = self.search([
                ("company_id", "=", company.id), ("state", "=", "active"), ("reminder_sent", "=", False),
                ("date_end", "<=", today + relativedelta(days=company.golf_reminder_days)),
            ])
            for storage in soon:
                storage.message_post_with_source(template, subtype_xmlid="mail.mt_comment", message_type="comment")
            soon.reminder_sent = True
        expired = self.search([("state", "=", "active"), ("date_end", "<", today)])
        expired.state = "expired"
        to_invoice = self.search([("state", "=", "expired"), ("renewal_invoice_id", "=", False), ("fee", ">", 0)])
        if to_invoice:
            invoices = self.env["account.move"].create([s._prepare_renewal_invoice_vals() for s in to_invoice])
            invoices.action_post()
            for storage, invoice in zip(to_invoice, invoices):
                storage.renewal_invoice_id = invoice
