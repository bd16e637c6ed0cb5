#!/usr/bin/env python3
"""Writes the figure files that the hidden-channel fixtures include (stdlib
only, byte-stable): run `python3 testdata/assets/make.py`, then rebuild
anon-hidden-figure.tex and anon-hidden-photo.tex.

  jane-figure.pdf   a one-page figure PDF whose Info says Author (Jane Doe),
                    as PowerPoint writes it; pdfTeX copies it into the paper
                    as the form XObject's /PTEX.InfoDict
  tool-figure.pdf   the same drawing with only Creator/Producer (Matplotlib)
  jane-photo.jpg    an 8x8 grey baseline JPEG whose EXIF (APP1) holds
                    Artist "Jane Doe" and GPS coordinates (48.8584 N, 2.2945 E)
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def pdf(info):
    content = b"0.2 0.4 0.8 rg 10 10 80 30 re f 0 G 1 w 5 5 90 40 re S"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 50] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, body in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return bytes(out)


def exif():
    """A little-endian TIFF: IFD0 with Artist and a GPS pointer; a GPS IFD."""
    artist = b"Jane Doe\x00"
    ifd0_off = 8
    ifd0_len = 2 + 2 * 12 + 4
    artist_off = ifd0_off + ifd0_len
    gps_off = artist_off + len(artist) + (len(artist) % 2)
    gps_len = 2 + 4 * 12 + 4
    lat_off = gps_off + gps_len
    lon_off = lat_off + 24
    t = bytearray(b"II*\x00" + struct.pack("<I", ifd0_off))
    t += struct.pack("<H", 2)
    t += struct.pack("<HHII", 0x013B, 2, len(artist), artist_off)   # Artist, ASCII
    t += struct.pack("<HHII", 0x8825, 4, 1, gps_off)                # GPS IFD pointer, LONG
    t += struct.pack("<I", 0)
    t += artist + b"\x00" * (len(artist) % 2)
    t += struct.pack("<H", 4)
    t += struct.pack("<HHI", 1, 2, 2) + b"N\x00\x00\x00"             # GPSLatitudeRef
    t += struct.pack("<HHII", 2, 5, 3, lat_off)                     # GPSLatitude
    t += struct.pack("<HHI", 3, 2, 2) + b"E\x00\x00\x00"             # GPSLongitudeRef
    t += struct.pack("<HHII", 4, 5, 3, lon_off)                     # GPSLongitude
    t += struct.pack("<I", 0)
    t += struct.pack("<6I", 48, 1, 51, 1, 3024, 100)                # 48 deg 51' 30.24"
    t += struct.pack("<6I", 2, 1, 17, 1, 4020, 100)                 # 2 deg 17' 40.20"
    return b"Exif\x00\x00" + bytes(t)


def jpeg(app1):
    seg = lambda m, body: b"\xff" + bytes([m]) + struct.pack(">H", len(body) + 2) + body
    out = b"\xff\xd8"
    out += seg(0xE1, app1)
    out += seg(0xDB, b"\x00" + b"\x01" * 64)                         # DQT: all ones
    out += seg(0xC0, b"\x08" + struct.pack(">HH", 8, 8) + b"\x01\x01\x11\x00")  # SOF0: 8x8, 1 component
    out += seg(0xC4, b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00")     # DHT DC 0: one code, category 0
    out += seg(0xC4, b"\x10" + b"\x01" + b"\x00" * 15 + b"\x00")     # DHT AC 0: one code, EOB
    out += seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")                    # SOS
    out += b"\x3f"                                                   # DC diff 0, EOB, padded with ones
    out += b"\xff\xd9"
    return out


def main():
    with open(os.path.join(HERE, "jane-figure.pdf"), "wb") as f:
        f.write(pdf(b"<< /Author (Jane Doe) /Title (Figure 2 draft) /Creator (Microsoft\\256 PowerPoint\\256 2016) "
                    b"/Producer (Microsoft\\256 PowerPoint\\256 2016) >>"))
    with open(os.path.join(HERE, "tool-figure.pdf"), "wb") as f:
        f.write(pdf(b"<< /Creator (Matplotlib v3.7.1, https://matplotlib.org) /Producer (Matplotlib pdf backend v3.7.1) >>"))
    with open(os.path.join(HERE, "jane-photo.jpg"), "wb") as f:
        f.write(jpeg(exif()))


if __name__ == "__main__":
    main()
