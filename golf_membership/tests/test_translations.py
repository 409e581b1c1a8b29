import re
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

I18N = Path(__file__).parent.parent / "i18n"
# Sample values printed in the report previews (dates, amounts, numbers): nothing to translate.
SAMPLES = re.compile(r"[\d\-: ,./¥]+|[A-Z]{1,3}[\d/\-]+|GM\d+-\d+|C\d+|ID|Mitchell Admin|<span[^>]*>/</span>")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """The club works in Chinese: every term of the module, as Odoo extracts it, is in the template and has
    its Chinese translation that Odoo loads (Odoo drops the entries of a .po file missing from the .pot)."""

    def test_every_term_is_in_the_template_and_translated(self):
        terms = {source for _module, _type, _name, _res_id, source, _value, _comments
                 in TranslationModuleReader(self.env.cr, modules=["golf_membership"])}
        template = {row["src"] for row in PoFileReader(str(I18N / "golf_membership.pot"))}
        translated = {row["src"] for row in PoFileReader(str(I18N / "zh_CN.po")) if row["value"]}
        to_translate = {term for term in terms if not SAMPLES.fullmatch(term)}
        self.assertFalse(sorted(to_translate - template), "terms missing from golf_membership.pot")
        self.assertFalse(sorted(to_translate - translated), "terms without a Chinese translation")
