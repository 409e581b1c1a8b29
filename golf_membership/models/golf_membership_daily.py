import logging

from odoo import api, fields, models

from .golf_activity import for_reader
from .golf_workflow_mixin import MANAGER

_logger = logging.getLogger(__name__)

# Where a daily run stopped for time took up again the same day: "date:company id:rule index" of the last step done.
DAILY_RESUME_PARAM = "golf_membership.daily_rules_resume"
# The date-driven rules of the club, applied one by one, company by company, by _cron_daily (model, method).
DAILY_RULES = (
    ("golf.membership", "_cron_balance_overdue"),
    ("golf.membership.card", "_cron_card_deadlines"),
    ("account.move", "_cron_golf_late_fees"),
    ("account.move", "_cron_golf_instalment_reminders"),
    ("golf.membership", "_cron_dues_suspension"),
    ("golf.membership", "_cron_reinstate_paid_up"),
    ("golf.bag.storage", "_cron_bag_storage"),
    ("golf.prepaid.charge", "_cron_daily_prepaid"),
    ("golf.service.request", "_cron_daily_service"),
    ("golf.service.visit", "_cron_plan_visits"),
    ("golf.membership.absence", "_cron_absences"),
    ("golf.membership.dependent", "_cron_children_of_age"),
    ("golf.billing.run", "_cron_bill_late_dues"),
    ("golf.membership.violation", "_cron_suspensions"),
    ("golf.membership.register.report", "_cron_monthly_report"),
    # Last: a day stopped for time and taken up again keeps the positions of the rules before.
    ("account.move", "_cron_golf_payment_reminders"),
)


class GolfMembershipDaily(models.AbstractModel):
    """The one daily job of the club (``_cron_daily``): every date-driven rule (DAILY_RULES) runs on its
    own, company by company; a rule that fails is reported and the others are applied; a run stopped for
    time resumes after its last step (issue 12)."""

    _name = "golf.membership.daily"
    _description = "Membership Daily Rules"

    @api.model
    def _cron_daily(self):
        """One daily entry point for every date-driven rule; running it twice a day changes nothing.

        Each rule runs on its own for each company (DAILY_RULES in order, company after company, each rule
        seeing only that company: ``self.env.companies``): one that fails is rolled back, logged and reported
        to that company's management, and the others, and the same rule for the other companies, are still
        applied. In the cron, each step is committed, and the run stops when the cron's time is spent: the
        next call takes up after the last step done (``DAILY_RESUME_PARAM``)."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        today = fields.Date.context_today(self)
        steps = [
            (company, index)
            for company in self.env["res.company"].search([], order="id")
            for index in range(len(DAILY_RULES))
        ]
        resume_after = self._daily_resume_point(today) if in_cron else None
        if resume_after:
            steps = [(company, index) for company, index in steps if (company.id, index) > resume_after]
        IrCron = self.env["ir.cron"]
        for position, (company, index) in enumerate(steps):
            self._run_daily_rule(company, *DAILY_RULES[index], in_cron=in_cron)
            if not in_cron:
                continue
            remaining = len(steps) - position - 1
            if not IrCron._commit_progress(1, remaining=remaining) and remaining:
                # Time spent: the cron is called again at once and takes up after this step.
                self.env["ir.config_parameter"].sudo().set_param(DAILY_RESUME_PARAM, f"{today}:{company.id}:{index}")
                IrCron.browse(self.env.context["cron_id"])._trigger()
                IrCron._commit_progress()
                return
        if resume_after:
            self.env["ir.config_parameter"].sudo().set_param(DAILY_RESUME_PARAM, False)
            IrCron._commit_progress()

    @api.model
    def _daily_resume_point(self, today):
        """(company id, rule index) of the last step done today by a daily run stopped for time, or None."""
        value = self.env["ir.config_parameter"].sudo().get_param(DAILY_RESUME_PARAM) or ""
        day, _sep, step = value.partition(":")
        if day != str(today) or not step:
            return None
        company_id, _sep, index = step.partition(":")
        return int(company_id), int(index)

    @api.model
    def _run_daily_rule(self, company, model, method, in_cron=False):
        """Apply one daily rule to ``company``. In the cron the step is its own transaction (committed by
        the caller, rolled back here if it fails; a rule may commit its own batches); elsewhere, a savepoint."""
        rule = getattr(self.env[model].with_context(allowed_company_ids=company.ids), method)
        try:
            if in_cron:
                rule()
                self.env.flush_all()
            else:
                with self.env.cr.savepoint():
                    rule()
        except Exception as error:  # noqa: BLE001 - a failing rule must not stop the others
            if in_cron:
                self.env.cr.rollback()
            _logger.exception("Golf daily rule %s.%s failed for %s", model, method, company.name)
            self._report_daily_failure(company, f"{model}.{method}", error)
            return False
        return True

    @api.model
    def _report_daily_failure(self, company, rule, error):
        """Management of ``company``, and only of it, is told on the club's contact which daily rule failed
        for it and why (in the language of who receives the to-do)."""
        manager = company._golf_responsible_user(MANAGER)
        reader_env = for_reader(self, manager).env
        company.partner_id.sudo().activity_schedule(
            "golf_membership.mail_act_golf_daily_failure", user_id=manager.id,
            note=reader_env._("Some daily membership rules could not be applied and will be tried again "
                              "tomorrow; ask your administrator to look at the server log. %(details)s",
                              details=f"{rule}: {error}"),
        )
