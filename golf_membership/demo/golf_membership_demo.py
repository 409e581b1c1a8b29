"""Demo data: the history of a living club, played through the module's real actions.

Called once by ``demo/golf_membership_demo.xml`` after the static demo records (club company,
tiers, phases, people) are loaded. Nothing here is used outside demo databases.

The actions stamp today's date on what they do (approval, cards, documents); to give the club a
past, the dates of what happened earlier are moved back afterwards with plain writes. Payments
are registered at their real (past) dates, so the memberships start on the day they were paid
(R-1.7) and the card deadlines follow from there. Invoices keep the date they were posted.
"""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

XMLID = "golf_membership.%s"

# One row per membership, in the order the applications came in (days = days before today).
#   key: suffix of the xml id `demo_membership_<key>`
#   holder / nominee: suffix of the partner xml ids
#   tier, phase: suffix of `demo_tier_<tier>`, number of `demo_phase_<phase>`
#   applied: days ago the application was filed; `instalments`: number of monthly instalments
#   end: the state it reaches; `pay`: "bank" or "card" (journal), "none" (deposit never paid)
#   paid_instalments: for instalment plans, how many instalments are paid
#   cards: "delivered" (formal card, bag tag and certificate handed over), "issued", "none"
#   docs_missing: checklist codes still missing (submitted applications)
MEMBERSHIPS = [
    # ---- phase 1 (closed by management before phase 2 opened)
    {"key": "zhang_wei", "holder": "partner_zhang_wei", "tier": "gold", "phase": 1, "applied": 740,
     "end": "active", "pay": "bank", "cards": "delivered", "key_member": True, "sales": "chen"},
    {"key": "huahui", "holder": "company_huahui", "nominee": "nominee_huang_zhiming", "tier": "corporate",
     "phase": 1, "applied": 735, "end": "active", "pay": "bank", "cards": "delivered", "key_member": True,
     "sales": "chen"},
    {"key": "wang_fang", "holder": "partner_wang_fang", "tier": "diamond", "phase": 1, "applied": 728,
     "end": "active", "pay": "card", "cards": "delivered", "key_member": True, "sales": "li"},
    {"key": "li_na", "holder": "partner_li_na", "tier": "vip", "phase": 1, "applied": 720, "end": "rejected",
     "pay": "card", "refund_paid": True, "sales": "li",
     "reason": "The application does not meet the club's admission requirements."},
    {"key": "liu_yang", "holder": "partner_liu_yang", "tier": "platinum", "phase": 1, "applied": 715,
     "end": "active", "pay": "bank", "cards": "delivered", "lost_card": True, "sales": "chen"},
    {"key": "chen_jing", "holder": "partner_chen_jing", "tier": "gold", "phase": 1, "applied": 700,
     "end": "active", "pay": "bank", "cards": "delivered", "sales": "li"},
    {"key": "yang_fan", "holder": "partner_yang_fan", "tier": "vip", "phase": 1, "applied": 690,
     "end": "cancelled", "pay": "bank", "sales": "chen"},
    {"key": "mingda", "holder": "company_mingda", "nominee": "nominee_lin_xiaodong", "tier": "corporate",
     "phase": 1, "applied": 680, "end": "active", "pay": "bank", "cards": "delivered", "sales": "li"},
    {"key": "zhao_lei", "holder": "partner_zhao_lei", "tier": "platinum", "phase": 1, "applied": 660,
     "end": "suspended", "pay": "bank", "cards": "delivered", "suspended_days": 45, "sales": "chen",
     "reason": "Serious breach of the club rules on the course; suspended by club management."},
    {"key": "huang_li", "holder": "partner_huang_li", "tier": "vip", "phase": 1, "applied": 640,
     "end": "active", "pay": "card", "cards": "delivered", "sales": "li"},
    {"key": "xu_qiang", "holder": "partner_xu_qiang", "tier": "gold", "phase": 1, "applied": 620,
     "end": "historical", "pay": "bank", "cards": "delivered", "withdrawn_days": 90, "sales": "chen",
     "reason": "Moved to Shanghai for work and resigned from the club."},
    {"key": "sun_ting", "holder": "partner_sun_ting", "tier": "diamond", "phase": 1, "applied": 600,
     "end": "active", "pay": "bank", "cards": "delivered", "sales": "li"},
    {"key": "hengxin", "holder": "company_hengxin", "nominee": "nominee_zheng_guohua", "tier": "corporate",
     "phase": 1, "applied": 580, "end": "active", "pay": "bank", "cards": "delivered", "sales": "chen"},
    {"key": "ma_chao", "holder": "partner_ma_chao", "tier": "vip", "phase": 1, "applied": 560,
     "end": "suspended", "pay": "bank", "cards": "delivered", "suspended_days": 12, "sales": "li",
     "reason": "Charges in the clubhouse left unpaid despite three reminders; suspended until settled."},
    {"key": "zhu_dan", "holder": "partner_zhu_dan", "tier": "gold", "phase": 1, "applied": 540,
     "end": "active", "pay": "card", "cards": "delivered", "sales": "chen"},
    {"key": "hu_bin", "holder": "partner_hu_bin", "tier": "platinum", "phase": 1, "applied": 520,
     "end": "active", "pay": "bank", "instalments": 6, "paid_instalments": 6, "cards": "delivered",
     "sales": "li"},
    {"key": "he_min", "holder": "partner_he_min", "tier": "vip", "phase": 1, "applied": 470,
     "end": "absent", "pay": "bank", "cards": "delivered", "sales": "chen", "absent_days": 40,
     "reason": "Posted to the company's office in Singapore for a year."},
    # ---- phase 2 (on sale)
    {"key": "guo_tao", "holder": "partner_guo_tao", "tier": "gold", "phase": 2, "applied": 430,
     "end": "active", "pay": "bank", "cards": "delivered", "sales": "li"},
    {"key": "lin_feng", "holder": "partner_lin_feng", "tier": "diamond", "phase": 2, "applied": 400,
     "end": "active", "pay": "card", "cards": "delivered", "key_member": True, "sales": "chen"},
    {"key": "he_li", "holder": "partner_he_li", "tier": "gold", "phase": 2, "applied": 200,
     "end": "cancelled", "pay": "card", "sales": "li"},
    {"key": "qianhai", "holder": "company_qianhai", "nominee": "nominee_luo_yong", "tier": "corporate",
     "phase": 2, "applied": 160, "end": "active", "pay": "bank", "cards": "issued", "sales": "chen"},
    {"key": "qian_wei", "holder": "partner_qian_wei", "tier": "vip", "phase": 2, "applied": 120,
     "end": "cancelled", "pay": "bank", "sales": "chen"},
    {"key": "feng_xiao", "holder": "partner_feng_xiao", "tier": "platinum", "phase": 2, "applied": 90,
     "end": "rejected", "pay": "bank", "sales": "li",
     "reason": "Rejected by the club at its discretion."},
    {"key": "liang_xiaowen", "holder": "partner_liang_xiaowen", "tier": "vip", "phase": 2, "applied": 75,
     "end": "active", "pay": "bank", "instalments": 12, "paid_instalments": 2, "cards": "none", "sales": "li"},
    {"key": "cao_lei", "holder": "partner_cao_lei", "tier": "gold", "phase": 2, "applied": 60,
     "end": "deferred", "pay": "bank", "sales": "chen",
     "reason": "Waiting for a recommendation letter from a current member."},
    {"key": "xie_dong", "holder": "partner_xie_dong", "tier": "platinum", "phase": 2, "applied": 40,
     "end": "active", "pay": "bank", "instalments": 6, "paid_instalments": 1, "cards": "none", "sales": "chen"},
    {"key": "jiang_wen", "holder": "partner_jiang_wen", "tier": "vip", "phase": 2, "applied": 35,
     "end": "deferred", "pay": "none", "sales": "li",
     "reason": "Deferred until the deposit is received."},
    {"key": "wu_min", "holder": "partner_wu_min", "tier": "gold", "phase": 2, "applied": 30,
     "end": "approved", "pay": "bank", "sales": "li"},
    {"key": "meijia", "holder": "company_meijia", "nominee": "nominee_he_jun", "tier": "corporate",
     "phase": 2, "applied": 22, "end": "approved", "pay": "bank", "sales": "chen"},
    {"key": "song_jia", "holder": "partner_song_jia", "tier": "diamond", "phase": 2, "applied": 20,
     "end": "active", "pay": "card", "cards": "none", "sales": "li"},
    {"key": "han_mei", "holder": "partner_han_mei", "tier": "gold", "phase": 2, "applied": 12,
     "end": "submitted", "pay": "bank", "sales": "chen"},
    {"key": "haiyang", "holder": "company_haiyang", "nominee": "nominee_tang_ning", "tier": "corporate",
     "phase": 2, "applied": 9, "end": "submitted", "pay": "bank", "docs_missing": ["photos", "id_copy"],
     "sales": "li"},
    {"key": "gao_feng", "holder": "partner_gao_feng", "tier": "vip", "phase": 2, "applied": 8,
     "end": "approved", "pay": "bank", "sales": "chen"},
    {"key": "deng_lei", "holder": "partner_deng_lei", "tier": "vip", "phase": 2, "applied": 6,
     "end": "submitted", "pay": "none", "docs_missing": ["charter", "contract"], "sales": "li"},
    {"key": "luo_li", "holder": "partner_luo_li", "tier": "platinum", "phase": 2, "applied": 5,
     "end": "approved", "pay": "bank", "instalments": 6, "paid_instalments": 0, "sales": "li"},
    {"key": "xu_qing", "holder": "partner_xu_qing", "tier": "vip", "phase": 2, "applied": 4, "end": "draft",
     "sales": "chen"},
    {"key": "peng_jing", "holder": "partner_peng_jing", "tier": "platinum", "phase": 2, "applied": 3,
     "end": "submitted", "pay": "card", "sales": "chen"},
    {"key": "zeng_qiang", "holder": "partner_zeng_qiang", "tier": "gold", "phase": 2, "applied": 3,
     "end": "draft", "sales": "li"},
    {"key": "lv_jia", "holder": "partner_lv_jia", "tier": "platinum", "phase": 2, "applied": 2, "end": "draft",
     "sales": "chen"},
    {"key": "su_ming", "holder": "partner_su_ming", "tier": "gold", "phase": 2, "applied": 2, "end": "draft",
     "instalments": 12, "sales": "li"},
    {"key": "lu_ting", "holder": "partner_lu_ting", "tier": "vip", "phase": 2, "applied": 1, "end": "draft",
     "sales": "chen"},
    {"key": "tengfei", "holder": "company_tengfei", "nominee": "nominee_cai_ming", "tier": "corporate",
     "phase": 2, "applied": 0, "end": "draft", "sales": "li"},
]

# Dependents: membership key, partner, relation, days ago applied, age when applying, end state
# ("active", "cancelled", "reviewed" = submitted and signed by the director, "submitted", "draft"),
# card ("delivered", "issued", "none"), checklist codes still missing.
DEPENDENTS = [
    {"membership": "zhang_wei", "partner": "dependent_liu_min", "relation": "spouse", "applied": 700,
     "end": "active", "card": "delivered"},
    {"membership": "zhang_wei", "partner": "dependent_zhang_zihan", "relation": "child", "age": 9,
     "applied": 700, "end": "active", "card": "delivered"},
    {"membership": "wang_fang", "partner": "dependent_chen_jianguo", "relation": "spouse", "applied": 690,
     "end": "active", "card": "delivered"},
    {"membership": "sun_ting", "partner": "dependent_sun_haoran", "relation": "child", "age": 15,
     "applied": 560, "end": "cancelled", "card": "delivered", "cancelled": 60},
    {"membership": "huang_li", "partner": "dependent_huang_yiming", "relation": "child", "age": 7,
     "applied": 2, "end": "draft"},
    {"membership": "guo_tao", "partner": "dependent_guo_siyuan", "relation": "child", "age": 11,
     "applied": 25, "end": "active", "card": "none"},
    {"membership": "lin_feng", "partner": "dependent_zhou_ya", "relation": "spouse", "applied": 360,
     "end": "active", "card": "issued"},
    {"membership": "lin_feng", "partner": "dependent_lin_kexin", "relation": "child", "age": 6,
     "applied": 6, "end": "reviewed"},
    {"membership": "song_jia", "partner": "dependent_zhao_chen", "relation": "spouse", "applied": 4,
     "end": "submitted", "docs_missing": ["marriage_certificate"]},
]

CLUB_TZ = "Asia/Shanghai"
CLUB_LANG = "zh_CN"
# The club's staff (demo/golf_membership_demo.xml): they work in Chinese when the database has it.
STAFF_USERS = (
    "demo_user_sales_chen", "demo_user_sales_li", "demo_user_supervisor_wang", "demo_user_director_liu",
    "demo_user_committee_zhao", "demo_user_finance_sun",
)
APPROVAL_DAYS = 5  # the club decides five days after the application
BALANCE_PAID_DAYS = 4  # full payers settle the balance four days after approval
# Chatter of these models is dated back to the step that wrote it (accounting documents keep theirs).
DATED_MODELS = [
    "golf.membership", "golf.membership.card", "golf.membership.dependent", "golf.membership.phase",
    "golf.membership.transfer", "golf.membership.nominee.change",
]


class GolfMembership(models.Model):
    _inherit = "golf.membership"

    @api.model
    def _demo_populate(self):
        """Play the demo club's history (demo data only; does nothing if it was already played)."""
        club = self.env.ref("golf_membership.demo_club_company", raise_if_not_found=False)
        if club:
            # A Chinese club works on Beijing time: its working calendar (deadlines in working days, KPI
            # months) and its staff, whatever the time zone of the user who installed the demo.
            club.resource_calendar_id.tz = CLUB_TZ
            club.partner_id.tz = CLUB_TZ
            self.env["res.users"].search([("company_id", "=", club.id), ("share", "=", False)]).tz = CLUB_TZ
            # Its staff speak Chinese, when the database has it (the administrator keeps the database's language).
            if CLUB_LANG in dict(self.env["res.lang"].get_installed()):
                self.env["res.users"].browse([self.env.ref(XMLID % xmlid).id for xmlid in STAFF_USERS]).lang = CLUB_LANG
                # So does the member with portal access, and so do the club and every contact of the demo: the
                # members' e-mails and statements, and what the club writes (the billing run's name), are Chinese.
                self.env.ref(XMLID % "demo_user_portal_zhang_wei").lang = CLUB_LANG
                self.env["res.partner"].browse(self.env["ir.model.data"].search([
                    ("module", "=", "golf_membership"), ("model", "=", "res.partner"),
                ]).mapped("res_id")).lang = CLUB_LANG
        if not club or self.with_context(active_test=False).search_count([("company_id", "=", club.id)], limit=1):
            return False
        _DemoClub(self.env, club).run()
        return True


class _DemoClub:
    """The steps of the demo history; each one uses the module's actions, then dates the result."""

    def __init__(self, env, club):
        # No e-mail notifications for the past: activities assigned and followers added silently. The staff
        # played the history in Chinese when the database has it: the to-dos and messages read as they wrote them.
        context = dict(
            env.context, allowed_company_ids=[club.id], tz=CLUB_TZ,
            mail_activity_quick_update=True, mail_auto_subscribe_no_notify=True, mail_create_nosubscribe=True,
        )
        if CLUB_LANG in dict(env["res.lang"].get_installed()):
            context["lang"] = CLUB_LANG
            # The module's translations are loaded once it is installed, after its demo data: load them now
            # for the to-dos' summaries and the names of its records.
            env["ir.module.module"]._load_module_terms(["golf_membership"], [CLUB_LANG])
        self.env = env(context=context)
        self.club = self.env["res.company"].browse(club.id)
        self.today = fields.Date.context_today(self.env["golf.membership"])
        self.memberships = {}
        self.last_message_id = self.last_mail_id = 0

    def ref(self, name):
        return self.env.ref(XMLID % name)

    def ago(self, days):
        return self.today - timedelta(days=days)

    def stamp(self, date):
        """Date the chatter written since the last stamp (tracking included) on ``date``, 10:00 in Shenzhen."""
        self.env.cr.flush()  # runs the tracking of what changed so far
        messages = self.env["mail.message"].search(
            [("id", ">", self.last_message_id), ("model", "in", DATED_MODELS)], order="id"
        )
        if messages:
            self.last_message_id = messages[-1].id
            if date < self.today:
                messages.write({"date": datetime.combine(date, time(2, 0))})

    # ------------------------------------------------------------------ set-up

    def run(self):
        # The welcome letters and the nominee change's memo of the history are posted without their PDF: while
        # modules load, no web server serves the report's assets to wkhtmltopdf (and 30 renderings would slow
        # the install).
        reports = {}
        for xmlid in ("golf_membership.mail_template_welcome", "golf_membership.mail_template_memo_nominee_change"):
            template = self.env.ref(xmlid, raise_if_not_found=False)
            if template and template.report_template_ids:
                reports[template] = template.report_template_ids
                template.report_template_ids = [Command.clear()]
        try:
            self.play_history()
        finally:
            for template, template_reports in reports.items():
                template.report_template_ids = [Command.set(template_reports.ids)]
        self.settle_mail_queue()

    def play_history(self):
        self.last_message_id = self.env["mail.message"].search([], order="id desc", limit=1).id
        self.last_mail_id = self.env["mail.mail"].search([], order="id desc", limit=1).id
        self.setup_company()
        phase_1, phase_2 = self.ref("demo_phase_1"), self.ref("demo_phase_2")
        rows_1 = [row for row in MEMBERSHIPS if row["phase"] == 1]
        rows_2 = [row for row in MEMBERSHIPS if row["phase"] == 2]
        self.open_phase(phase_1, self.ago(max(row["applied"] for row in rows_1) + 10))
        for row in rows_1:
            self.play(row)
        # management closed phase 1 five days after its last approval (its 200 places were not all
        # sold), and phase 2 opened five days later.
        last_approval = max(filter(None, (self.memberships[row["key"]].date_approved for row in rows_1)))
        phase_1.action_close()
        phase_1.write({"date_closed": last_approval + timedelta(days=5)})
        self.stamp(last_approval + timedelta(days=5))
        self.open_phase(phase_2, last_approval + timedelta(days=10))
        for row in rows_2:
            self.play(row)
        for row in DEPENDENTS:
            self.play_dependent(row)
        self.play_prepaid()
        self.play_transfer()
        self.play_nominee_change()
        # What the daily cron (`_cron_daily`) finds on the morning after this history: balances past their
        # deadline and cards past theirs. Its other rules have nothing to do here,
        # except the monthly register report, left to the running server: it prints a PDF, which
        # wkhtmltopdf cannot style while modules load (no web server yet).
        self.env["golf.membership"]._cron_balance_overdue()
        self.env["golf.membership.card"]._cron_card_deadlines()
        self.env.cr.flush()

    def play_prepaid(self):
        """R-2: 张伟 opened a prepaid account two months ago, paid 20,000 in and signed for a few charges since
        (what the member sees on the portal with their balance and statement)."""
        membership = self.memberships["zhang_wei"]
        opened = self.ago(60)
        account = self.env["golf.prepaid.account"].create({
            "membership_id": membership.id, "agreement_signed": True, "application_signed": True,
            "date_agreement": opened, "low_balance_threshold": 2000.0,
        })
        account.action_submit()
        payment = self.env["account.payment"].create({
            "payment_type": "inbound", "partner_type": "customer", "partner_id": account.partner_id.id,
            "amount": 20000.0, "journal_id": self.bank_journal.id, "golf_prepaid_account_id": account.id,
            "date": opened, "memo": "预付款 Prepaid account",
        })
        payment.action_post()
        account.action_confirm_funds()
        account.action_approve()
        self.env["golf.prepaid.charge"].create([
            {"account_id": account.id, "date": self.ago(days), "outlet": outlet, "description": description,
             "amount": amount, "signer_id": membership.member_partner_id.id}
            for days, outlet, description, amount in (
                (41, "restaurant", "午餐 4 位 Lunch for four", 1280.0),
                (27, "course", "嘉宾果岭费 2 位 Green fees, two guests", 1760.0),
                (12, "pro_shop", "球杆一支 A driver", 3200.0),
                (5, "bar", "饮品 Drinks", 360.0),
            )
        ]).action_post()

    def play_transfer(self):
        """R-4.1 / R-4.2 / R-4.4: 张伟 declared three days ago that he transfers his membership to 周杰 in 35 days;
        the department heads reviewed the approval form yesterday and the review committee now decides; 周杰 has
        handed in his application, his photos and ID copy are still to come."""
        filed, reviewed = self.ago(3), self.ago(1)
        transfer = self.env["golf.membership.transfer"].create({
            "membership_id": self.memberships["zhang_wei"].id,
            "transferee_id": self.ref("demo_partner_zhou_jie").id,
            "date_notice": filed,
            "date_effective": filed + timedelta(days=35),
            "declaration_received": True,
            "confirmation_received": True,
        })
        self.stamp(filed)
        transfer.action_submit()
        self.receive_documents(transfer, filed, missing=("photos", "id_copy"))
        self.date_activities(transfer, filed)
        self.stamp(filed)
        transfer.with_user(self.ref("demo_user_supervisor_wang")).action_review()
        transfer.write({"date_reviewed": reviewed})
        self.date_activities(transfer, reviewed)
        self.stamp(reviewed)
        return transfer

    def play_nominee_change(self):
        """R-5: 明达 replaces its nominee 林晓东 with 吴海涛. The company filed the stamped application five days
        ago, the department heads reviewed it two days ago, and today the marketing director approved it, the
        company paid the rename fee, 林晓东 handed back his card and the change was completed. 吴海涛 is the
        nominee, his card is to be made, and 林晓东 stays in the nominee history."""
        filed, reviewed = self.ago(5), self.ago(2)
        clerk = self.sales["li"]  # 明达's sales representative follows the change
        change = self.env["golf.membership.nominee.change"].with_user(clerk).create({
            "membership_id": self.memberships["mingda"].id,
            "new_nominee_id": self.ref("demo_nominee_wu_haitao").id,
            "date_request": filed,
            "application_signed": True,
        })
        change.action_submit()
        self.receive_documents(change, filed)
        self.stamp(filed)
        change.with_user(self.ref("demo_user_supervisor_wang")).action_review()
        self.stamp(reviewed)
        change.with_user(self.ref("demo_user_director_liu")).action_approve()
        self.pay(change.invoice_id, self.today, self.bank_journal)
        change.documents_returned = True
        change.action_done()
        self.stamp(self.today)
        return change.with_env(self.env)

    def setup_company(self):
        """Chart of accounts, a bank and a credit-card journal, Chinese names where Chinese is installed."""
        club = self.club
        if not club.chart_template:
            # `try_loading` warns when called while modules are loading; its `_load` is what it runs.
            self.env["account.chart.template"]._load("generic_coa", club, install_demo=False)
            # The generic chart takes the currency of its (US) fiscal country; the club keeps yuan.
            club.currency_id = self.env.ref("base.CNY")
        Journal = self.env["account.journal"]
        self.bank_journal = Journal.search([("company_id", "=", club.id), ("type", "=", "bank")], limit=1)
        # one name in every language (the chart translated the journal it created)
        self.bank_journal.update_field_translations("name", dict.fromkeys(
            dict(self.env["res.lang"].get_installed()), "招商银行 China Merchants Bank"
        ))
        self.bank_journal.bank_account_id = self.ref("demo_club_bank_account")
        self.card_journal = Journal.create({
            "name": "POS 刷卡 Credit Cards",
            "code": "CARD",
            "type": "bank",
            "company_id": club.id,
            "golf_is_card_journal": True,
        })
        # Payments through the card journal are posted on its outstanding accounts like bank payments.
        for kind in ("inbound", "outbound"):
            bank_line = self.bank_journal[f"{kind}_payment_method_line_ids"][:1]
            for line in self.card_journal[f"{kind}_payment_method_line_ids"]:
                if not line.payment_account_id:
                    line.payment_account_id = bank_line.payment_account_id
        self.setup_online_payment()
        self.sales = {"chen": self.ref("demo_user_sales_chen"), "li": self.ref("demo_user_sales_li")}
        if "zh_CN" in dict(self.env["res.lang"].get_installed()):
            names = {
                "demo_tier_vip": "VIP会籍", "demo_tier_gold": "黄金会籍", "demo_tier_platinum": "铂金会籍",
                "demo_tier_diamond": "钻石会籍", "demo_tier_corporate": "团体会籍",
                "demo_phase_1": "第一期", "demo_phase_2": "第二期", "demo_phase_3": "第三期",
            }
            for xmlid, name in names.items():
                self.ref(xmlid).update_field_translations("name", {"zh_CN": name})

    def setup_online_payment(self):
        """Members pay online (account_payment): by wire transfer to the club's bank account (payment_custom), and,
        to try it, with Odoo's demo provider in test mode. Neither module is a dependency of golf_membership:
        scripts/demo.sh installs them with it; without them the club has no payment method."""
        providers = self.env["payment.provider"].search([
            ("company_id", "=", self.club.id), ("module_state", "=", "installed"), ("code", "in", ("custom", "demo")),
        ])
        transfer = providers.filtered(lambda provider: provider.code == "custom" and provider.custom_mode == "wire_transfer")
        if transfer:
            transfer.write({"state": "enabled", "is_published": True, "journal_id": self.bank_journal.id})
            transfer.action_recompute_pending_msg()  # the club's bank account in the transfer instructions
        demo = providers.filtered(lambda provider: provider.code == "demo")
        if demo:
            demo.write({"state": "test", "is_published": True, "journal_id": self.bank_journal.id})

    def open_phase(self, phase, date):
        phase.action_open()
        phase.write({"date_open": date})
        self.stamp(date)

    def settle_mail_queue(self):
        """The e-mails of the history (welcome letters, reminders) count as sent: a demo database has no
        mail server, and its queue must not try to write to the demo addresses."""
        mails = self.env["mail.mail"].search([("id", ">", self.last_mail_id), ("state", "=", "outgoing")])
        self.env["mail.notification"].search([("mail_mail_id", "in", mails.ids)]).write(
            {"notification_status": "sent"}
        )
        mails.unlink()

    # ------------------------------------------------------------------ memberships

    def play(self, row):
        """Take one application from draft to its final state through the real actions."""
        applied = self.ago(row["applied"])
        membership = self.create_membership(row, applied)
        self.memberships[row["key"]] = membership
        self.stamp(applied)  # a record is tracked from the transaction after its creation
        end = row["end"]
        if end == "draft":
            return membership
        journal = self.card_journal if row.get("pay") == "card" else self.bank_journal
        membership.action_submit()
        self.receive_documents(membership, applied, row.get("docs_missing", ()))
        if row.get("pay", "none") != "none":
            self.pay(membership.deposit_invoice_id, applied, journal)
            membership.action_confirm_funds()  # finance checked the money
            membership.write({"date_funds_confirmed": applied})
        self.date_activities(membership, applied)
        self.stamp(applied)
        if end == "submitted":
            return membership
        decided = min(applied + timedelta(days=APPROVAL_DAYS), self.today)
        if end in ("deferred", "rejected"):
            self.decide(membership, end, row, decided, journal)
            return membership
        membership.action_approve()
        self.date_approval(membership, decided)
        self.stamp(decided)
        if end == "approved":
            if row["applied"] - APPROVAL_DAYS >= 10:
                self.hand_over_temporary_card(membership, decided + timedelta(days=1))
            return membership
        if end == "cancelled":
            cancelled = membership.date_balance_due + timedelta(days=3)
            membership.action_cancel()
            membership.write({"date_end": cancelled})
            membership.activity_unlink(["golf_membership.mail_act_golf_fee_check"])
            self.stamp(cancelled)
            return membership
        self.pay_admission(membership, row, decided, journal)
        self.hand_over_cards(membership, row)
        if end == "suspended":
            membership.action_suspend(reason=row["reason"])
            self.stamp(self.ago(row["suspended_days"]))
        elif end == "absent":
            self.play_absence(membership, row, journal)
        elif end == "historical":
            withdrawn = self.ago(row["withdrawn_days"])
            membership.action_withdraw(reason=row["reason"])
            membership.write({"date_end": withdrawn})
            # by analogy: the member hands back what the club gave; what was never made is cancelled.
            held = membership.card_ids.filtered(lambda c: c.state in ("issued", "delivered"))
            held.action_return()
            held.write({"date_returned": withdrawn})
            membership.card_ids.filtered(lambda c: c.state == "to_issue")._cancel_cards()
            self.stamp(withdrawn)
        return membership

    def play_absence(self, membership, row, journal):
        """R-9: written request 20 days ahead, approved, fee paid, cards handed in; the absence has started."""
        start = self.ago(row["absent_days"])
        absence = self.env["golf.membership.absence"].create({
            "membership_id": membership.id,
            "date_request": start - timedelta(days=20),
            "date_from": start,
            "date_to": start + relativedelta(months=12),
            "reason": row["reason"],
            "documents_received": True,
        })
        absence.action_submit()
        absence.action_approve()
        fee = membership.invoice_ids.filtered(lambda move: move.golf_fee_type == "absence_fee")
        self.pay(fee, start - timedelta(days=10), journal)
        held = membership.card_ids.filtered(lambda card: card.state in ("issued", "delivered"))
        held.action_return()
        held.write({"date_returned": start - timedelta(days=1)})
        absence._cron_absences()
        self.stamp(start)
        return absence

    def create_membership(self, row, applied):
        values = {
            "partner_id": self.ref(f"demo_{row['holder']}").id,
            "type_id": self.ref(f"demo_tier_{row['tier']}").id,
            "phase_id": self.ref(f"demo_phase_{row['phase']}").id,
            "company_id": self.club.id,
            "date_application": applied,
            "user_id": self.sales[row["sales"]].id,
            "key_member": row.get("key_member", False),
        }
        if row.get("nominee"):
            values["nominee_id"] = self.ref(f"demo_{row['nominee']}").id
        if row.get("instalments"):
            values.update(payment_mode="installment", installment_count=row["instalments"])
        # numbered in the year of the application (the sequence prefix is GM<year>-)
        membership = self.env["golf.membership"].with_context(ir_sequence_date=applied).create(values)
        membership = membership.with_env(self.env)
        self.env["ir.model.data"]._update_xmlids([{
            "xml_id": XMLID % f"demo_membership_{row['key']}", "record": membership, "noupdate": True,
        }])
        return membership

    def receive_documents(self, records, date, missing=()):
        documents = records.document_ids.filtered(lambda d: d.code not in missing)
        documents.write({"received": True})
        documents.write({"date_received": date})

    def decide(self, membership, decision, row, date, journal):
        if decision == "deferred":
            membership.action_defer(reason=row["reason"])
            self.stamp(date)
            return
        membership.action_reject(reason=row["reason"])
        membership.write({"date_end": date})
        self.date_activities(membership, date)
        self.stamp(date)
        if row.get("refund_paid"):
            # finance pays the refund back to the card, less the card fee the club keeps.
            refund = membership.invoice_ids.filtered(lambda inv: inv.move_type == "out_refund")
            self.pay(refund, date + timedelta(days=3), journal)
            membership.activity_feedback(["golf_membership.mail_act_golf_refund"],
                                         feedback="Refund paid back to the credit card.")
            self.stamp(date + timedelta(days=3))

    def date_approval(self, membership, approved):
        """The approval happened on ``approved``: its dates, the temporary card's and the follow-up's (the balance
        is due after the deposit payment, R-1.4, which is registered at its real date)."""
        membership.write({"date_approved": approved})
        temporary = membership.card_ids.filtered(lambda c: c.card_type == "temporary")
        temporary.write({"date_due": approved})
        temporary.filtered("date_issued").write({"date_issued": approved})
        self.date_activities(membership, approved)

    def pay_admission(self, membership, row, approved, journal):
        """Full payers pay the balance at once; instalment payers pay their first instalments monthly."""
        self.hand_over_temporary_card(membership, approved + timedelta(days=1))
        balance = membership.balance_invoice_id
        paid_on = approved + timedelta(days=BALANCE_PAID_DAYS)
        if membership.payment_mode == "full":
            self.pay(balance, paid_on, journal)
            self.stamp(paid_on)
            return
        receivables = balance.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).sorted(lambda line: (line.date_maturity, line.id))
        for index, line in enumerate(receivables[: row.get("paid_instalments", 1)]):
            date = paid_on + relativedelta(months=index)
            self.pay(balance, date, journal, amount=line.balance)
            self.stamp(date)

    def hand_over_temporary_card(self, membership, date):
        """R-1.6: the welcome letter and the temporary card, signed for by the member."""
        date = min(date, self.today)
        temporary = membership.card_ids.filtered(
            lambda c: c.card_type == "temporary" and c.state in ("to_issue", "issued")
        )
        self.issue_and_deliver(temporary, temporary.date_issued or date, date)
        membership.activity_feedback(["golf_membership.mail_act_golf_card_follow_up"],
                                     feedback="The member signed for the temporary card.")
        self.stamp(date)

    def hand_over_cards(self, membership, row):
        """R-1.7 / R-1.9: cards made before their deadline, handed over a few days later."""
        how = row.get("cards", "none")
        if how == "none":
            return
        cards = membership.card_ids.filtered(
            lambda c: c.state == "to_issue" and c.card_type in ("member", "bag_tag", "certificate")
        )
        if not membership.admission_paid:
            cards = cards.filtered(lambda c: c.card_type != "certificate")
        for card in cards:
            issued = min(card.date_due - timedelta(days=3), self.today)
            delivered = min(issued + timedelta(days=4), self.today) if how == "delivered" else None
            self.issue_and_deliver(card, issued, delivered)
        if how == "delivered" and row.get("lost_card"):
            member_card = membership.card_ids.filtered(lambda c: c.card_type == "member" and c.state == "delivered")
            member_card.action_lost()
            self.stamp(self.today)

    def issue_and_deliver(self, cards, issued, delivered=None):
        if not cards:
            return
        to_issue = cards.filtered(lambda c: c.state == "to_issue")
        if to_issue:
            to_issue.action_issue()
            to_issue.write({"date_issued": issued})
            self.stamp(issued)
        if delivered:
            temporary = cards.membership_id.card_ids.filtered(
                lambda c: c.card_type == "temporary" and c.state in ("issued", "delivered")
            )
            cards.action_deliver()
            cards.write({"date_delivered": delivered})
            temporary.filtered(lambda c: c.state == "returned").write({"date_returned": delivered})
            self.stamp(delivered)

    def pay(self, invoices, date, journal, amount=None):
        """Register a payment through the standard wizard, as finance does."""
        values = {"payment_date": min(date, self.today), "journal_id": journal.id}
        if amount is not None:
            values.update(amount=amount, payment_difference_handling="open")
        wizard = self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids,
        ).create(values)
        return wizard._create_payments()

    def date_activities(self, records, date):
        """Open activities were planned when the step happened, not today."""
        for activity in records.activity_ids:
            delay = activity.activity_type_id.delay_count or 0
            activity.date_deadline = min(date + timedelta(days=delay), activity.date_deadline)

    # ------------------------------------------------------------------ dependents

    def play_dependent(self, row):
        membership = self.memberships[row["membership"]]
        applied = self.ago(row["applied"])
        values = {
            "membership_id": membership.id,
            "partner_id": self.ref(f"demo_{row['partner']}").id,
            "relation": row["relation"],
            "date_application": applied,
        }
        if row.get("age"):
            values["birthdate"] = applied - relativedelta(years=row["age"], months=4, days=11)
        dependent = self.env["golf.membership.dependent"].create(values)
        self.stamp(applied)
        end = row["end"]
        if end == "draft":
            return dependent
        dependent.action_submit()
        self.receive_documents(dependent, applied, row.get("docs_missing", ()))
        self.date_activities(dependent, applied)
        self.stamp(applied)
        if end == "submitted":
            return dependent
        reviewed = min(applied + timedelta(days=2), self.today)
        dependent.action_review()
        dependent.write({"date_reviewed": reviewed})
        self.date_activities(dependent, reviewed)
        self.stamp(reviewed)
        if end == "reviewed":
            return dependent
        approved = applied + timedelta(days=4)
        dependent.action_approve()
        dependent.write({"date_start": approved, "date_min_end": approved + relativedelta(months=6)})
        card = dependent.card_ids
        card.write({"date_due": self.club._golf_add_working_days(approved, self.club.golf_dependent_card_days)})
        self.stamp(approved)
        if row.get("card") in ("issued", "delivered"):
            issued = min(card.date_due - timedelta(days=1), self.today)
            delivered = min(issued + timedelta(days=3), self.today) if row["card"] == "delivered" else None
            self.issue_and_deliver(card, issued, delivered)
        if end == "cancelled":
            # cancelled after the six-month minimum term; nothing is refunded.
            cancelled = self.ago(row["cancelled"])
            dependent.action_cancel()
            dependent.write({"date_end": cancelled})
            card.filtered(lambda c: c.state == "delivered").action_return()
            card.write({"date_returned": cancelled})
            self.stamp(cancelled)
        return dependent
