#!/usr/bin/env python3
"""Writes the robustness fixtures: hostile and broken PDFs, each small, built
byte by byte (stdlib only) so that the damage is exactly the one intended.
Run from anywhere: python3 testdata/robust/make.py. The expected outcome of
each file is in expect.tsv beside it (read by tests/test_robust.cpp)."""
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_stream(lines, x=108, y=700, size=10):
    out = [b"BT", b"/F1 %d Tf" % size, b"%d %d Td" % (x, y), b"%d TL" % (size + 2)]
    for ln in lines:
        out.append(b"(" + ln.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") '")
    out.append(b"ET")
    return b"\n".join(out)


class Pdf:
    def __init__(self):
        self.objs = []  # bytes bodies; object number = index + 1

    def add(self, body):
        self.objs.append(body)
        return len(self.objs)

    def reserve(self):
        self.objs.append(None)
        return len(self.objs)

    def set(self, num, body):
        self.objs[num - 1] = body

    def stream(self, data, extra=b"", compress=False):
        if compress:
            data = zlib.compress(data, 9)
            extra += b" /Filter /FlateDecode"
        return self.add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream")

    def write(self, name, root, info=None, startxref_delta=0, trailer_extra=b""):
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objs):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objs) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(self.objs) + 1, root)
        if info:
            out += b" /Info %d 0 R" % info
        out += trailer_extra + b" >>\nstartxref\n%d\n%%%%EOF\n" % (xref + startxref_delta)
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(out)


def simple(pages_content, media=b"[0 0 612 792]", page_extra=b"", font_obj=None, compress=True):
    """A document whose pages hold the given content streams."""
    p = Pdf()
    font = p.add(font_obj or FONT)
    pages = p.reserve()
    kids = []
    for content in pages_content:
        c = p.stream(content, compress=compress)
        kids.append(p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Contents %d 0 R "
                          b"/Resources << /Font << /F1 %d 0 R >> >>%s >>" % (pages, media, c, font, page_extra)))
    p.set(pages, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    return p, root, kids


PAPER = ["A short paper about sparse features in a small transformer.",
         "We find features that track bracket depth and ablate them."]


def main():
    # Deeply nested arrays inside a page's dictionary.
    p, root, _ = simple([text_stream(PAPER)], page_extra=b" /Junk " + b"[" * 5000 + b"]" * 5000)
    p.write("deep-nesting.pdf", root)

    # A cycle: a resource dictionary that points at itself.
    p = Pdf()
    font = p.add(FONT)
    res = p.reserve()
    p.set(res, b"<< /Font << /F1 %d 0 R >> /Self %d 0 R /XObject << >> >>" % (font, res))
    pages = p.reserve()
    c = p.stream(text_stream(PAPER))
    page = p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources %d 0 R >>" % (pages, c, res))
    p.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("cyclic-objects.pdf", root)

    # startxref points past the end of the file.
    p, root, _ = simple([text_stream(PAPER)])
    p.write("xref-past-end.pdf", root, startxref_delta=10_000_000)

    # A page tree whose Kids include the tree itself.
    p = Pdf()
    font = p.add(FONT)
    pages = p.reserve()
    c = p.stream(text_stream(PAPER))
    page = p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>" % (pages, c, font))
    p.set(pages, b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 2 >>" % (page, pages))
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("page-tree-loop.pdf", root)

    # 2000 empty pages sharing one (empty) content stream.
    p = Pdf()
    pages = p.reserve()
    c = p.stream(b"")
    kids = [p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R >>" % (pages, c)) for _ in range(2000)]
    p.set(pages, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("empty-2000-pages.pdf", root)

    # 5000 pages of text (over the default page limit of 2000).
    p = Pdf()
    font = p.add(FONT)
    pages = p.reserve()
    c = p.stream(text_stream(PAPER), compress=True)
    kids = [p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>" % (pages, c, font)) for _ in range(5000)]
    p.set(pages, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("text-5000-pages.pdf", root)

    # Decompression bombs: a content stream and an XMP stream that inflate
    # a thousandfold.
    def deflate_blanks(mib):
        z = zlib.compressobj(9)
        chunk = b" " * (1 << 20)
        return b"".join(z.compress(chunk) for _ in range(mib)) + z.flush()
    bomb = deflate_blanks(100)       # content: 100 MiB of blanks, parsed in bounded memory
    big_bomb = deflate_blanks(1024)  # XMP: 1 GiB, must be cut off, not inflated
    p = Pdf()
    font = p.add(FONT)
    pages = p.reserve()
    c1 = p.stream(text_stream(PAPER))
    c2 = p.add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream")
    page = p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents [%d 0 R %d 0 R] /Resources << /Font << /F1 %d 0 R >> >> >>" % (pages, c1, c2, font))
    p.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    xmp = p.add(b"<< /Type /Metadata /Subtype /XML /Length %d /Filter /FlateDecode >>\nstream\n" % len(big_bomb) + big_bomb + b"\nendstream")
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R /Metadata %d 0 R >>" % (pages, xmp))
    p.write("decompression-bomb.pdf", root)

    # A TrueType font whose embedded program is garbage.
    p = Pdf()
    ff = p.stream(bytes(range(256)) * 8, extra=b" /Length1 2048")
    desc = p.add(b"<< /Type /FontDescriptor /FontName /Broken /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
                 b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 %d 0 R >>" % ff)
    font = p.add(b"<< /Type /Font /Subtype /TrueType /BaseFont /Broken /FirstChar 32 /LastChar 126 "
                 b"/Widths [%s] /FontDescriptor %d 0 R >>" % (b" ".join([b"500"] * 95), desc))
    pages = p.reserve()
    c = p.stream(text_stream(PAPER))
    page = p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>" % (pages, c, font))
    p.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("broken-font.pdf", root)

    # Zero-size and negative MediaBoxes.
    p, root, _ = simple([text_stream(PAPER)], media=b"[0 0 0 0]")
    p.write("zero-mediabox.pdf", root)
    p, root, _ = simple([text_stream(PAPER)], media=b"[0 0 -612 -792]")
    p.write("negative-mediabox.pdf", root)

    # Rotated pages: 90, 180, 270.
    p = Pdf()
    font = p.add(FONT)
    pages = p.reserve()
    kids = []
    for rot in (90, 180, 270):
        c = p.stream(text_stream(["Rotated page %d." % rot] + PAPER))
        kids.append(p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Rotate %d /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>" % (pages, rot, c, font)))
    p.set(pages, b"<< /Type /Pages /Kids [%s] /Count 3 >>" % b" ".join(b"%d 0 R" % k for k in kids))
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("rotated-pages.pdf", root)

    # Text outside the crop box (invisible in viewers, dropped by Poppler's text_list).
    content = text_stream(PAPER) + b"\n" + text_stream(["Jane Doe, jane.doe@uni.edu"], x=108, y=770)
    p, root, _ = simple([content], page_extra=b" /CropBox [0 0 612 760]")
    p.write("text-outside-cropbox.pdf", root)

    # Link annotations whose /URI is not a string.
    p = Pdf()
    font = p.add(FONT)
    pages = p.reserve()
    c = p.stream(text_stream(PAPER))
    a1 = p.add(b"<< /Type /Annot /Subtype /Link /Rect [100 100 200 120] /A << /S /URI /URI 42 >> >>")
    a2 = p.add(b"<< /Type /Annot /Subtype /Link /Rect [100 130 200 150] /A << /S /URI /URI << /X 1 >> >> >>")
    a3 = p.add(b"<< /Type /Annot /Subtype /Link /Rect /NotARect /A /NotADict >>")
    page = p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Annots [%d 0 R %d 0 R %d 0 R 7] "
                 b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages, c, a1, a2, a3, font))
    p.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("nonstring-uri.pdf", root)

    # Info strings with invalid UTF-16 (a lone surrogate, an odd length) and XMP that is not XML.
    p, root, _ = simple([text_stream(PAPER)])
    info = p.add(b"<< /Author <FEFFD8000041> /Title <FEFF004100> /Subject (\\376\\377\\000) /Keywords 12 >>")
    xmp = p.stream(b"<x:xmpmeta <<< not xml at all &&& <dc:creator><rdf:Seq><rdf:li>", extra=b" /Type /Metadata /Subtype /XML")
    p.objs[root - 1] = p.objs[root - 1].replace(b">>", b" /Metadata %d 0 R >>" % xmp)
    p.write("bad-metadata.pdf", root, info=info)

    graphics()
    hidden_channels()


def hidden_channels():
    """Hostile hidden channels (anonymity.metadata and anonymity.hidden): each
    must give a report, bounded in time and memory."""
    import struct
    # Form XObjects that draw each other (a cycle through their resources),
    # each with a /PTEX.InfoDict.
    p = Pdf()
    font = p.add(FONT)
    pages = p.reserve()
    fa, fb = p.reserve(), p.reserve()
    body = b"q /Fb Do Q"
    p.set(fa, b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /PTEX.InfoDict << /Author (Jane Doe) >> "
              b"/Resources << /XObject << /Fb %d 0 R >> >> /Length %d >>\nstream\n" % (fb, len(body)) + body + b"\nendstream")
    body = b"q /Fa Do Q"
    p.set(fb, b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /PTEX.InfoDict 7 "
              b"/Resources << /XObject << /Fa %d 0 R /Self %d 0 R >> >> /Length %d >>\nstream\n" % (fa, fb, len(body)) + body + b"\nendstream")
    c = p.stream(text_stream(PAPER) + b"\nq /Fa Do Q")
    page = p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                 b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Fa %d 0 R >> >> >>" % (pages, c, font, fa))
    p.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("cyclic-xobjects.pdf", root)

    # JPEG images: an EXIF IFD whose pointers loop back to itself, an EXIF
    # segment cut short, counts and offsets past the end, and 2 MiB of APP
    # segments before the image data (read only up to the cap).
    def seg(m, b):
        return b"\xff" + bytes([m]) + struct.pack(">H", len(b) + 2) + b
    loop = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 3)
    loop += struct.pack("<HHII", 0x8769, 4, 1, 8)            # Exif IFD -> IFD0 itself
    loop += struct.pack("<HHII", 0x8825, 4, 1, 8)            # GPS IFD -> IFD0 itself
    loop += struct.pack("<HHII", 0x013B, 2, 0xFFFFFFFF, 4)   # Artist with an absurd count
    loop += struct.pack("<I", 8)
    truncated = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff\x01\x3b"  # 65535 entries announced, none there
    tail = seg(0xDB, b"\x00" + b"\x01" * 64) + seg(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00") + b"\xff\xd9"
    jpegs = [
        b"\xff\xd8" + seg(0xE1, b"Exif\x00\x00" + loop) + tail,
        b"\xff\xd8" + seg(0xE1, truncated) + tail,
        b"\xff\xd8" + b"\xff\xe1\xff\xff" + b"Exif\x00\x00II*\x00",   # length past the end of the stream
        b"\xff\xd8" + b"".join(seg(0xE2, b"\x00" * 65000) for _ in range(32)) + seg(0xE1, b"Exif\x00\x00" + loop) + tail,
        b"not a jpeg at all",
    ]
    p = Pdf()
    font = p.add(FONT)
    pages = p.reserve()
    names = []
    for i, data in enumerate(jpegs):
        # the big one through [/FlateDecode /DCTDecode]: small in the file, 2 MiB of JPEG
        flate = len(data) > 100000
        im = p.add(b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "
                   b"/Filter %s /Length %d >>\nstream\n" % (b"[/FlateDecode /DCTDecode]" if flate else b"/DCTDecode",
                                                            len(zlib.compress(data, 9)) if flate else len(data))
                   + (zlib.compress(data, 9) if flate else data) + b"\nendstream")
        names.append(b"/Im%d %d 0 R" % (i, im))
    draw = b"\n".join(b"q 20 0 0 20 %d 600 cm /Im%d Do Q" % (72 + 30 * i, i) for i in range(len(jpegs)))
    c = p.stream(text_stream(PAPER) + b"\n" + draw)
    page = p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                 b"/Resources << /Font << /F1 %d 0 R >> /XObject << %s >> >> >>" % (pages, c, font, b" ".join(names)))
    p.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("hostile-exif.pdf", root)

    # Annotations: /T that is not a string (a number, a dictionary, an array),
    # /Contents of 64 KiB, and 3000 sticky notes on one page.
    p = Pdf()
    font = p.add(FONT)
    pages = p.reserve()
    c = p.stream(text_stream(PAPER))
    annots = [p.add(b"<< /Type /Annot /Subtype /Text /Rect [10 10 20 20] /T 42 /Contents (a) >>"),
              p.add(b"<< /Type /Annot /Subtype /Text /Rect [10 10 20 20] /T << /X 1 >> /Contents [1 2] >>"),
              p.add(b"<< /Type /Annot /Subtype /FreeText /T [(Jane Doe)] /Contents (" + b"x" * (64 << 10) + b") >>"),
              p.add(b"<< /Type /Annot /Subtype /Highlight /Rect /NotARect /T (\376\377\330\000) >>")]
    for i in range(3000):
        annots.append(p.add(b"<< /Type /Annot /Subtype /Text /Rect [%d 700 %d 710] /T (reviewer%d) /Contents (note %d) >>"
                            % (i % 500, i % 500 + 10, i, i)))
    page = p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Annots [%s] "
                 b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages, c, b" ".join(b"%d 0 R" % a for a in annots), font))
    p.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("many-annotations.pdf", root)

    # Optional content: a group off by default that holds a name, a cyclic
    # /OCProperties order array, and a group referenced but not declared.
    p = Pdf()
    font = p.add(FONT)
    pages = p.reserve()
    ocg = p.add(b"<< /Type /OCG /Name (Authors) >>")
    c = p.stream(text_stream(PAPER) + b"\n/OC /L1 BDC\n" + text_stream(["Jane Doe, jane.doe@uni.edu"], y=740)
                 + b"\nEMC\n/OC /L2 BDC BT /F1 10 Tf 72 100 Td (undeclared layer) Tj ET EMC")
    page = p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                 b"/Resources << /Font << /F1 %d 0 R >> /Properties << /L1 %d 0 R /L2 999 0 R >> >> >>"
                 % (pages, c, font, ocg))
    p.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    order = p.reserve()
    p.set(order, b"[%d 0 R %d 0 R]" % (ocg, order))
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R /OCProperties << /OCGs [%d 0 R] "
                 b"/D << /OFF [%d 0 R] /Order %d 0 R >> >> >>" % (pages, ocg, ocg, order))
    p.write("hidden-layer.pdf", root)


def graphics():
    """graphics.pdf: one page whose every painted thing has a known box (the
    loader's Page::graphics, tests/test_robust.cpp). Media box Letter, crop box
    cutting the bottom 50 pt: display y = 792 - user y."""
    p = Pdf()
    font = p.add(FONT)
    pages = p.reserve()
    img = p.stream(b"\x00\xff\xff\x00", extra=b" /Type /XObject /Subtype /Image /Width 2 /Height 2 "
                   b"/ColorSpace /DeviceGray /BitsPerComponent 8")
    sh = p.add(b"<< /ShadingType 2 /ColorSpace /DeviceGray /Coords [450 600 500 650] "
               b"/Function << /FunctionType 2 /Domain [0 1] /C0 [0] /C1 [1] /N 1 >> /Extend [true true] >>")
    content = b"\n".join([
        b"1 g 0 0 612 792 re f",                           # white sheet: not a graphic
        b"q 100 0 0 50 72 600 cm /Im1 Do Q",               # image: x 72-172, y 142-192
        b"0 G 2 w 72 500 m 540 500 l S",                   # rule, 2 pt: x 71-541, y 291-293
        b"0 g 300 300 50 20 re f",                         # box: x 300-350, y 472-492
        b"q 72 100 100 100 re W n 0 g 0 0 612 792 re f Q",  # clipped fill: x 72-172, y 592-692
        b"0 g 200 400 0 0 re f",                           # zero area: not a graphic
        b"q 10 60 5 5 re W n 0 g 300 700 10 10 re f Q",    # outside its clip: not a graphic
        b"q 20 0 0 20 400 100 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q",  # inline image: x 400-420, y 672-692
        b"q 450 600 50 50 re W n /Sh1 sh Q",               # shading in a clip: x 450-500, y 142-192
        b"0 g 72 10 30 20 re f",                           # below the crop box: y 762-782, outside_crop
        b"BT /F1 10 Tf 72 720 Td (Figure 1: boxes.) Tj ET",
    ])
    c = p.stream(content)
    annot = p.add(b"<< /Type /Annot /Subtype /Link /Rect [72 400 172 420] /Border [0 0 2] /C [1 0 0] "
                  b"/A << /S /URI /URI (https://example.org) >> >>")  # its border is not a graphic
    kid = p.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /CropBox [0 50 612 792] /Contents %d 0 R "
                b"/Annots [%d 0 R] /Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> "
                b"/Shading << /Sh1 %d 0 R >> >> >>" % (pages, c, annot, font, img, sh))
    p.set(pages, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % kid)
    root = p.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages)
    p.write("graphics.pdf", root)


if __name__ == "__main__":
    main()
