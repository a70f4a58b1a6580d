"""TBX for CAT tools: TBX v3 / TBX-Basic (ISO 30042:2019) and the older TBX v2 'martif'."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from steppe_names import load_glossary
from steppe_names.glossary import GlossaryError, tbx_format
from steppe_names.glossary.edit import entry_content
from steppe_names.model import Entry, Term
from tests.test_po_helpers import copy_glossary, steppe, tree
from tests.test_po_roundtrip import glossaries

TBX = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The TBX-Basic structure (DCA style) as a RELAX NG schema: the core structure of ISO
# 30042:2019 restricted to the TBX-Basic data categories at the levels TBX-Basic allows them.
TBX_BASIC = f"""\
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="{TBX}"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start>
    <element name="tbx">
      <attribute name="type"><value>TBX-Basic</value></attribute>
      <attribute name="style"><value>dca</value></attribute>
      <ref name="lang"/>
      <element name="tbxHeader">
        <element name="fileDesc">
          <optional><element name="titleStmt"><element name="title"><text/></element>
          </element></optional>
          <oneOrMore><element name="sourceDesc">
            <oneOrMore><element name="p"><text/></element></oneOrMore>
          </element></oneOrMore>
        </element>
      </element>
      <element name="text">
        <element name="body"><zeroOrMore><ref name="conceptEntry"/></zeroOrMore></element>
      </element>
    </element>
  </start>
  <define name="lang">
    <attribute><name ns="http://www.w3.org/XML/1998/namespace">lang</name>
      <data type="language"/></attribute>
  </define>
  <define name="conceptEntry">
    <element name="conceptEntry">
      <attribute name="id"><data type="ID"/></attribute>
      <zeroOrMore><choice>
        <element name="descrip"><attribute name="type"><value>subjectField</value></attribute>
          <text/></element>
        <element name="xref"><attribute name="type"><value>externalCrossReference</value>
          </attribute><attribute name="target"><text/></attribute><text/></element>
        <ref name="note"/>
      </choice></zeroOrMore>
      <oneOrMore><ref name="langSec"/></oneOrMore>
    </element>
  </define>
  <define name="langSec">
    <element name="langSec">
      <ref name="lang"/>
      <zeroOrMore><ref name="note"/></zeroOrMore>
      <oneOrMore><ref name="termSec"/></oneOrMore>
    </element>
  </define>
  <define name="termSec">
    <element name="termSec">
      <element name="term"><text/></element>
      <zeroOrMore><choice>
        <element name="termNote">
          <attribute name="type"><value>administrativeStatus</value></attribute>
          <choice><value>preferredTerm-admn-sts</value><value>admittedTerm-admn-sts</value>
            <value>deprecatedTerm-admn-sts</value><value>supersededTerm-admn-sts</value>
          </choice>
        </element>
        <element name="termNote">
          <attribute name="type"><value>termType</value></attribute>
          <choice><value>fullForm</value><value>acronym</value><value>abbreviation</value>
            <value>shortForm</value><value>variant</value><value>phrase</value></choice>
        </element>
      </choice></zeroOrMore>
      <zeroOrMore><choice>
        <element name="admin"><attribute name="type"><value>source</value></attribute>
          <text/></element>
        <ref name="note"/>
      </choice></zeroOrMore>
    </element>
  </define>
  <define name="note"><element name="note"><text/></element></define>
</grammar>
"""


def _tbx_basic_errors(path: Path) -> list[str]:
    schema = etree.RelaxNG(etree.fromstring(TBX_BASIC.encode()))
    document = etree.parse(str(path))
    errors = [] if schema.validate(document) else [str(e) for e in schema.error_log]
    for term_sec in document.iter(f"{{{TBX}}}termSec"):
        statuses = term_sec.findall(f"{{{TBX}}}termNote[@type='administrativeStatus']")
        if len(statuses) != 1:
            errors.append(f"line {term_sec.sourceline}: {len(statuses)} administrativeStatus")
    for lang_sec in document.iter(f"{{{TBX}}}langSec"):
        preferred = [s for s in lang_sec.iter(f"{{{TBX}}}termNote")
                     if s.text == "preferredTerm-admn-sts"]
        if len(preferred) != 1:
            errors.append(f"line {lang_sec.sourceline}: {len(preferred)} preferred terms")
    return errors


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    copy_glossary(tmp_path)
    return tmp_path


def test_the_glossary_as_tbx_basic_validates(project: Path) -> None:
    result = steppe("glossary", "export", "--format", "tbx", "-o", "glossary.tbx",
                    "--glossary", "glossary")
    assert result.code == 0, result.err
    assert result.err == ""  # nothing left out
    path = project / "glossary.tbx"
    assert _tbx_basic_errors(path) == []
    root = etree.parse(str(path)).getroot()
    assert (root.tag, root.get("type"), root.get("style")) == (f"{{{TBX}}}tbx", "TBX-Basic",
                                                               "dca")
    concept = root.find(f".//{{{TBX}}}conceptEntry[@id='ulaanbaatar']")
    assert concept is not None
    ru = concept.find(f"{{{TBX}}}langSec[@{XML_LANG}='ru']")
    assert ru is not None
    terms = [(t.findtext(f"{{{TBX}}}term"),
              t.findtext(f"{{{TBX}}}termNote[@type='administrativeStatus']"),
              t.findtext(f"{{{TBX}}}note")) for t in ru.findall(f"{{{TBX}}}termSec")]
    assert terms == [("Улан-Батор", "preferredTerm-admn-sts", None),
                     ("Урга", "admittedTerm-admn-sts", "до 1924 года")]
    ub = concept.find(f".//{{{TBX}}}termSec[{{{TBX}}}term='UB']")
    assert ub is not None
    assert ub.findtext(f"{{{TBX}}}termNote[@type='termType']") == "abbreviation"


def test_a_tbx_round_trip_keeps_every_term_status_and_note(project: Path) -> None:
    # the format comes from the extension
    assert steppe("glossary", "export", "-o", "glossary.tbx", "--glossary", "glossary").code == 0
    before = tree(project / "glossary")
    result = steppe("glossary", "import", "glossary.tbx", "--glossary", "glossary")
    assert result.code == 0, result.err
    assert "0 entries changed" in result.out
    assert tree(project / "glossary") == before
    bundled = sorted(load_glossary(), key=lambda e: e.id)
    again = tbx_format.loads((project / "glossary.tbx").read_bytes())
    assert [entry_content(e) for e in again] == [entry_content(e) for e in bundled]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                   HealthCheck.too_slow])
@given(glossaries())
def test_generated_glossaries_survive_tbx_v3_and_v2(entries: list[Entry]) -> None:
    for version in (3, 2):
        text = tbx_format.dumps(entries, version=version)
        again = tbx_format.loads(text)
        assert [entry_content(e) for e in again] == [entry_content(e) for e in entries]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.tbx"
        path.write_text(tbx_format.dumps(entries), encoding="utf-8")
        assert _tbx_basic_errors(path) == []


def test_terms_edited_in_a_cat_tool_come_back(project: Path) -> None:
    assert steppe("glossary", "export", "--format", "tbx", "-o", "glossary.tbx",
                    "--glossary", "glossary").code == 0
    path = project / "glossary.tbx"
    document = etree.parse(str(path))
    concept = document.find(f".//{{{TBX}}}conceptEntry[@id='ulaanbaatar']")
    assert concept is not None
    ru = concept.find(f"{{{TBX}}}langSec[@{XML_LANG}='ru']")
    assert ru is not None
    urga = ru.findall(f"{{{TBX}}}termSec")[1]
    urga.find(f"{{{TBX}}}termNote").text = "deprecatedTerm-admn-sts"
    new = etree.SubElement(ru, f"{{{TBX}}}termSec")
    etree.SubElement(new, f"{{{TBX}}}term").text = "Улан Батор"
    status = etree.SubElement(new, f"{{{TBX}}}termNote", type="administrativeStatus")
    status.text = "deprecatedTerm-admn-sts"
    document.write(str(path), encoding="UTF-8", xml_declaration=True)

    dry = steppe("glossary", "import", "glossary.tbx", "--glossary", "glossary", "--dry-run")
    assert dry.code == 0, dry.err
    assert "ulaanbaatar [ru]: 'Урга' admitted -> deprecated" in dry.out
    assert "ulaanbaatar [ru]: + deprecated 'Улан Батор'" in dry.out
    result = steppe("glossary", "import", "glossary.tbx", "--glossary", "glossary")
    assert result.code == 0, result.err
    terms = load_glossary(project / "glossary")["ulaanbaatar"].terms_in("ru")
    assert [(t.text, t.status, t.note) for t in terms] == [
        ("Улан-Батор", "preferred", ""), ("Урга", "deprecated", "до 1924 года"),
        ("Улан Батор", "deprecated", "")]
    places = (project / "glossary" / "places.toml").read_text(encoding="utf-8")
    assert places.startswith("# steppe-names glossary: PLACES\n")


def test_tbx_v2_martif_for_translate_toolkit_and_weblate(project: Path) -> None:
    result = steppe("glossary", "export", "--format", "tbx2", "-o", "glossary-v2.tbx",
                    "--glossary", "glossary")
    assert result.code == 0, result.err
    root = etree.parse(str(project / "glossary-v2.tbx")).getroot()
    assert (root.tag, root.get("type"), root.get(XML_LANG)) == ("martif", "TBX-Basic-V1", "en")
    entry = root.find(".//termEntry[@id='ulaanbaatar']")
    assert entry is not None
    tigs = entry.findall("langSet[@{http://www.w3.org/XML/1998/namespace}lang='ru']/tig")
    assert [(t.findtext("term"), t.findtext("termNote[@type='administrativeStatus']"))
            for t in tigs] == [("Улан-Батор", "preferredTerm-admn-sts"),
                               ("Урга", "admittedTerm-admn-sts")]
    back = steppe("glossary", "import", "--format", "tbx2", "glossary-v2.tbx",
                  "--glossary", "glossary")
    assert back.code == 0 and "0 entries changed" in back.out


def test_unknown_concepts_and_bad_statuses_are_reported_with_lines(project: Path) -> None:
    path = project / "other.tbx"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX}">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c42">
      <langSec xml:lang="en"><termSec><term>Atlantis</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
      </termSec></langSec>
    </conceptEntry>
    <conceptEntry id="tokyo">
      <langSec xml:lang="ru"><termSec><term>Токио</term>
        <termNote type="administrativeStatus">goodTerm</termNote>
      </termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
""", encoding="utf-8")
    result = steppe("glossary", "import", "other.tbx", "--glossary", "glossary")
    assert result.code == 2
    assert "other.tbx:12: entry 'tokyo': administrativeStatus 'goodTerm' is not one of" \
        in result.err
    broken = project / "broken.tbx"
    broken.write_text("<tbx><text>\n<body></text></tbx>", encoding="utf-8")
    result = steppe("glossary", "import", "broken.tbx", "--glossary", "glossary")
    assert result.code == 2
    assert "broken.tbx:2: not well-formed XML" in result.err


def test_characters_xml_cannot_hold_are_reported() -> None:
    entry = Entry("bell", "place", (Term("Bell", "en", "preferred", note="ring \x07"),))
    with pytest.raises(GlossaryError, match=r"U\+0007, which XML 1.0 cannot hold"):
        tbx_format.dumps([entry])
