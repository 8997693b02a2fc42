#!/usr/bin/env python3
"""Writes the PDFs core's tests read (#17) into
crates/core/tests/fixtures/documents, by hand with the standard library: a
three-page report in Helvetica (WinAnsi, so "café" is one byte a letter), a
scan (a picture and no text layer), one locked with a user password (the
standard RC4 security handler, revision 2) and a damaged one. The outputs are
committed; rerun after changing this.

    make-pdf-fixtures.py --pages N OUT.pdf   # an N-page report (make bench)
"""
import hashlib
import os
import sys
import zlib

OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "core", "tests", "fixtures", "documents")
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
FILE_ID = hashlib.md5(b"comet-desk fixture").digest()


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def security(user, owner, permissions=-4):
    """O, U and the file key of the standard handler, revision 2, 40 bits."""
    o = rc4(hashlib.md5((owner + PAD)[:32]).digest()[:5], (user + PAD)[:32])
    p = permissions.to_bytes(4, "little", signed=True)
    key = hashlib.md5((user + PAD)[:32] + o + p + FILE_ID).digest()[:5]
    return o, rc4(key, PAD), key


def escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")


def page_stream(lines):
    out = b"BT /F1 12 Tf 72 720 Td 16 TL\n"
    for line in lines:
        out += b"(" + escape(line) + b") Tj T*\n"
    return out + b"ET\n"


def pdf(path, pages, key=None, image_only=False):
    """`pages`: a list of lists of lines. With `key`, strings and streams are
    RC4-encrypted per object as the standard handler says."""
    objects = {}
    kids = []
    n = 4
    for lines in pages:
        page, content = n, n + 1
        n += 2
        kids.append(page)
        if image_only:
            stream = b"q 468 0 0 200 72 500 cm /Im1 Do Q\n"
            resources = b"<< /XObject << /Im1 3 0 R >> >>"
        else:
            stream = page_stream(lines)
            resources = b"<< /Font << /F1 3 0 R >> >>"
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources " + resources
                         + b" /Contents %d 0 R >>" % content)
        objects[content] = ("stream", b"", zlib.compress(stream))
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    if image_only:
        gray = bytes((x * 7 + y * 3) % 256 for y in range(32) for x in range(32))
        objects[3] = ("stream", b"/Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray "
                      b"/BitsPerComponent 8 ", zlib.compress(gray))
    else:
        objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    extra = {}
    if key is not None:
        o, u, file_key = key
        enc = n
        extra[enc] = (b"<< /Filter /Standard /V 1 /R 2 /O <" + o.hex().encode() + b"> /U <" + u.hex().encode()
                      + b"> /P -4 >>")
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = {}
    for num in sorted(list(objects) + list(extra)):
        obj = objects.get(num, extra.get(num))
        offsets[num] = len(body)
        if isinstance(obj, tuple):
            _, dictionary, data = obj
            if key is not None:
                object_key = hashlib.md5(key[2] + num.to_bytes(3, "little") + b"\0\0").digest()[:10]
                data = rc4(object_key, data)
            obj = b"<< " + dictionary + b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
        body += b"%d 0 obj\n" % num + obj + b"\nendobj\n"
    size = max(offsets) + 1
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        body += b"%010d 00000 n \n" % offsets[num]
    trailer = b"<< /Size %d /Root 1 0 R /ID [<%s> <%s>]" % (size, FILE_ID.hex().encode(), FILE_ID.hex().encode())
    if key is not None:
        trailer += b" /Encrypt %d 0 R" % (size - 1)
    body += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    with open(path, "wb") as f:
        f.write(body)
    return body


def report(pages):
    out = []
    for p in range(1, pages + 1):
        lines = [f"Report page {p}"]
        lines += [f"Line {i} of page {p}: routine figures for the quarter and the budget." for i in range(1, 40)]
        out.append(lines)
    return out


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--pages":
        pdf(sys.argv[3], report(int(sys.argv[2])))
        return
    os.makedirs(OUT, exist_ok=True)
    pdf(os.path.join(OUT, "report.pdf"), [
        ["Quarterly report", "Revenue rose 12% & costs fell."],
        ["Outlook", "The café opens in (late) spring."],
        ["Appendix", "Figures are in euros."],
    ])
    pdf(os.path.join(OUT, "scanned.pdf"), [[], []], image_only=True)
    pdf(os.path.join(OUT, "protected.pdf"), [["Secret plans"]], key=security(b"open sesame", b"owner"))
    whole = pdf(os.path.join(OUT, "broken.pdf"), [["Half a file"]])
    with open(os.path.join(OUT, "broken.pdf"), "wb") as f:
        f.write(whole[: len(whole) // 3])


main()
