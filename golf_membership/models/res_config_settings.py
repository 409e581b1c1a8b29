from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The golf settings of the current company, in the standard Settings page."""

    _inherit = "res.config.settings"

    golf_product_entrance_id = fields.Many2one(related="company_id.golf_product_entrance_id", readonly=False)
    golf_product_deposit_id = fields.Many2one(related="company_id.golf_product_deposit_id", readonly=False)
    golf_product_dues_id = fields.Many2one(related="company_id.golf_product_dues_id", readonly=False)
    golf_product_dependent_dues_id = fields.Many2one(
        related="company_id.golf_product_dependent_dues_id", readonly=False
    )
    golf_product_late_fee_id = fields.Many2one(related="company_id.golf_product_late_fee_id", readonly=False)
    golf_product_transfer_fee_id = fields.Many2one(related="company_id.golf_product_transfer_fee_id", readonly=False)
    golf_product_rename_fee_id = fields.Many2one(related="company_id.golf_product_rename_fee_id", readonly=False)
    golf_product_absence_fee_id = fields.Many2one(related="company_id.golf_product_absence_fee_id", readonly=False)
    golf_product_bag_storage_id = fields.Many2one(related="company_id.golf_product_bag_storage_id", readonly=False)

    golf_balance_days = fields.Integer(related="company_id.golf_balance_days", readonly=False)
    golf_card_days = fields.Integer(related="company_id.golf_card_days", readonly=False)
    golf_certificate_days = fields.Integer(related="company_id.golf_certificate_days", readonly=False)
    golf_dependent_card_days = fields.Integer(related="company_id.golf_dependent_card_days", readonly=False)
    golf_late_fee_days = fields.Integer(related="company_id.golf_late_fee_days", readonly=False)
    golf_late_fee_amount = fields.Float(related="company_id.golf_late_fee_amount", readonly=False)
    golf_late_fee_percent = fields.Float(related="company_id.golf_late_fee_percent", readonly=False)
    golf_suspension_days = fields.Integer(related="company_id.golf_suspension_days", readonly=False)
    golf_transfer_min_years = fields.Integer(related="company_id.golf_transfer_min_years", readonly=False)
    golf_transfer_notice_days = fields.Integer(related="company_id.golf_transfer_notice_days", readonly=False)
    golf_absence_min_months = fields.Integer(related="company_id.golf_absence_min_months", readonly=False)
    golf_absence_max_months = fields.Integer(related="company_id.golf_absence_max_months", readonly=False)
    golf_absence_gap_months = fields.Integer(related="company_id.golf_absence_gap_months", readonly=False)
    golf_absence_notice_days = fields.Integer(related="company_id.golf_absence_notice_days", readonly=False)
    golf_card_fee_percent = fields.Float(related="company_id.golf_card_fee_percent", readonly=False)
    golf_billing_month = fields.Integer(related="company_id.golf_billing_month", readonly=False)
    golf_billing_day = fields.Integer(related="company_id.golf_billing_day", readonly=False)
    golf_dues_due_month = fields.Integer(related="company_id.golf_dues_due_month", readonly=False)
    golf_dues_due_day = fields.Integer(related="company_id.golf_dues_due_day", readonly=False)
    golf_reminder_days = fields.Integer(related="company_id.golf_reminder_days", readonly=False)
    golf_memo_partner_ids = fields.Many2many(related="company_id.golf_memo_partner_ids", readonly=False)
    golf_dependent_cancel_days = fields.Integer(related="company_id.golf_dependent_cancel_days", readonly=False)
    golf_portal_invite = fields.Boolean(related="company_id.golf_portal_invite", readonly=False)
    golf_child_leave = fields.Selection(related="company_id.golf_child_leave", readonly=False)
    golf_child_notice_days = fields.Integer(related="company_id.golf_child_notice_days", readonly=False)

    golf_supervisor_user_id = fields.Many2one(related="company_id.golf_supervisor_user_id", readonly=False)
    golf_director_user_id = fields.Many2one(related="company_id.golf_director_user_id", readonly=False)
    golf_committee_user_id = fields.Many2one(related="company_id.golf_committee_user_id", readonly=False)
    golf_finance_user_id = fields.Many2one(related="company_id.golf_finance_user_id", readonly=False)
    golf_manager_user_id = fields.Many2one(related="company_id.golf_manager_user_id", readonly=False)
    golf_response_hours = fields.Integer(related="company_id.golf_response_hours", readonly=False)
    golf_general_working_days = fields.Integer(related="company_id.golf_general_working_days", readonly=False)
    golf_complex_months = fields.Integer(related="company_id.golf_complex_months", readonly=False)
    golf_key_member_visit_months = fields.Integer(related="company_id.golf_key_member_visit_months", readonly=False)
    golf_member_visit_months = fields.Integer(related="company_id.golf_member_visit_months", readonly=False)
    golf_timeliness_target = fields.Float(related="company_id.golf_timeliness_target", readonly=False)
    golf_satisfaction_target = fields.Float(related="company_id.golf_satisfaction_target", readonly=False)
    golf_complaint_rate_target = fields.Float(related="company_id.golf_complaint_rate_target", readonly=False)
    golf_register_start = fields.Date(related="company_id.golf_register_start", readonly=False)
    golf_payment_reminder_steps = fields.Char(related="company_id.golf_payment_reminder_steps", readonly=False)
