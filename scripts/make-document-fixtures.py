#!/usr/bin/env python3
"""Writes the small documents core's tests read (#17) into
crates/core/tests/fixtures/documents: real Office Open XML and OpenDocument
files built by hand with the standard library (the smallest parts each
format needs), and the bad files a reader must refuse plainly. Rerun it
after changing it; the outputs are committed."""
import os
import zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "core", "tests", "fixtures", "documents")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def write(name, parts, stored=()):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in parts.items():
            kind = zipfile.ZIP_STORED if part in stored else zipfile.ZIP_DEFLATED
            z.writestr(part, text, compress_type=kind)


def para(text):
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def docx(name, body):
    write(name, {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>',
    })


def main():
    os.makedirs(OUT, exist_ok=True)
    docx("report.docx", para("Quarterly report") + para("Revenue rose 12% &amp; costs fell.")
         + '<w:p><w:r><w:t>Name</w:t><w:tab/><w:t>Ada</w:t></w:r></w:p>')
    slide = lambda t: f'<p:sld {P} {A}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{t}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>'
    # Slide 10 after slide 2: ordered by number, not by name.
    write("deck.pptx", {"ppt/slides/slide1.xml": slide("Welcome"), "ppt/slides/slide2.xml": slide("Plan"),
                        "ppt/slides/slide10.xml": slide("Questions")})
    write("budget.xlsx", {
        "xl/workbook.xml": f'<workbook {S} {R}><sheets><sheet name="Costs" sheetId="1" r:id="rId2"/><sheet name="Staff" sheetId="2" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet2.xml"/><Relationship Id="rId2" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst {S}><si><t>Item</t></si><si><t>Cost</t></si><si><r><t>Rent</t></r><r><t> (May)</t></r></si><si><t>Ada</t></si></sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet {S}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1200.5</v></c><c r="C2" t="b"><v>1</v></c></row></sheetData></worksheet>',
        "xl/worksheets/sheet2.xml": f'<worksheet {S}><sheetData><row r="1"><c r="A1" t="s"><v>3</v></c><c r="B1" t="inlineStr"><is><t>Engineer</t></is></c></row></sheetData></worksheet>',
    })
    write("notes.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                        "content.xml": f'<office:document-content {ODF}><office:body><office:text><text:h>Notes</text:h><text:p>One<text:s/>two</text:p></office:text></office:body></office:document-content>'},
          stored=("mimetype",))
    # A book: the spine's order (not the manifest's), a percent-encoded
    # href in a subfolder, a cover with no text, and a DRM-protected one.
    container = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                 '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
    chapter = lambda title, body: (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">'
                                   f'<head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p></body></html>')
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><manifest>'
           '<item id="two" href="text/chapter%202.xhtml" media-type="application/xhtml+xml"/>'
           '<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>'
           '<item id="one" href="text/one.xhtml" media-type="application/xhtml+xml"/>'
           '</manifest><spine><itemref idref="cover"/><itemref idref="one"/><itemref idref="two"/></spine></package>')
    book = {"mimetype": "application/epub+zip", "META-INF/container.xml": container, "OEBPS/content.opf": opf,
            "OEBPS/cover.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><body><img src="cover.jpg"/></body></html>',
            "OEBPS/text/one.xhtml": chapter("The Harbour", "Ships came in at dawn &amp; left at dusk."),
            "OEBPS/text/chapter 2.xhtml": chapter("The Lighthouse", "Its keeper painted it red.")}
    write("novel.epub", book, stored=("mimetype",))
    write("protected.epub", {**book, "META-INF/encryption.xml": '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"/>'},
          stored=("mimetype",))
    write("plan.ods", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                       "content.xml": f'<office:document-content {ODF}><office:body><office:spreadsheet><table:table table:name="Plan">'
                       '<table:table-row><table:table-cell><text:p>Week</text:p></table:table-cell><table:table-cell><text:p>Task</text:p></table:table-cell></table:table-row>'
                       '<table:table-row><table:table-cell><text:p>1</text:p></table:table-cell><table:table-cell><text:p>Draft</text:p><text:p>and review</text:p></table:table-cell>'
                       '<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
                       '</table:table></office:spreadsheet></office:body></office:document-content>'},
          stored=("mimetype",))
    # 64 MB of the same byte inflate from about 64 KB: a bomb for a 16 MB limit.
    docx("bomb.docx", para("x" * (64 * 1024 * 1024)))
    with zipfile.ZipFile(os.path.join(OUT, "entities.docx"), "w") as z:
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                   f'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document {W}><w:body><w:p><w:r><w:t>&c;&c;&c;</w:t></w:r></w:p></w:body></w:document>')
    with open(os.path.join(OUT, "report.docx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(OUT, "truncated.docx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    # What Office writes for a password-protected file: an OLE compound file.
    with open(os.path.join(OUT, "protected.docx"), "wb") as f:
        f.write(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    with open(os.path.join(OUT, "legacy-1252.txt"), "wb") as f:
        f.write("Le café déjà vu: une façade naïve, l'été à Noël.\n".encode("cp1252"))


main()
