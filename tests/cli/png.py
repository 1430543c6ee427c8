#!/usr/bin/env python3
"""png.py - read pixels of a PNG, for the tests of linreg's SVG pictures.

Only the standard library (zlib, struct): 8-bit greyscale, RGB, or RGBA,
not interlaced - what Chromium's --screenshot writes.

  png.py size FILE                     -> "WIDTH HEIGHT"
  png.py pixel FILE X Y                -> "R G B"
  png.py near FILE X Y R RRGGBB TOL    -> exit 0 when some pixel within
      R pixels of (X, Y) (a square) is within TOL of colour RRGGBB in
      every channel; prints the closest pixel found either way
"""
import struct
import sys
import zlib


def read_png(path):
    """(width, height, pixel(x, y) -> (r, g, b)); decoded once, then kept
    next to the PNG as PATH.rgb (decoding in Python takes a while)."""
    cache = path + ".rgb"
    try:
        with open(cache, "rb") as f:
            width, height = (int(v) for v in f.readline().split())
            rgb = f.read()
        if len(rgb) == 3 * width * height:
            return width, height, lambda x, y: tuple(
                rgb[3 * (y * width + x):3 * (y * width + x) + 3])
    except (OSError, ValueError):
        pass
    width, height, pixel = decode_png(path)
    try:
        with open(cache, "wb") as f:
            f.write(b"%d %d\n" % (width, height))
            f.write(bytes(v for y in range(height) for x in range(width)
                          for v in pixel(x, y)))
    except OSError:
        pass
    return width, height, pixel


def decode_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("png.py: %s: not a PNG" % path)
    pos, idat, width = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(
                ">IIBBBBB", body)
            if depth != 8 or ctype not in (0, 2, 6) or interlace:
                sys.exit("png.py: %s: unsupported PNG (depth %d, colour "
                         "type %d, interlace %d)" % (path, depth, ctype,
                                                     interlace))
            bpp = {0: 1, 2: 3, 6: 4}[ctype]
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if width is None:
        sys.exit("png.py: %s: no IHDR" % path)
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xff
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xff
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xff
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 0xff
        rows.append(line)
        prev = line

    def pixel(x, y):
        o = x * bpp
        px = rows[y][o:o + bpp]
        return (px[0], px[0], px[0]) if bpp == 1 else tuple(px[:3])
    return width, height, pixel


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    width, height, pixel = read_png(argv[2])
    if argv[1] == "size":
        print(width, height)
    elif argv[1] == "pixel":
        print(*pixel(int(argv[3]), int(argv[4])))
    elif argv[1] == "near":
        x0, y0, r = (int(round(float(v))) for v in argv[3:6])
        want = tuple(int(argv[6][k:k + 2], 16) for k in (0, 2, 4))
        tol = int(argv[7])
        best = None
        for y in range(max(0, y0 - r), min(height, y0 + r + 1)):
            for x in range(max(0, x0 - r), min(width, x0 + r + 1)):
                d = max(abs(p - q) for p, q in zip(pixel(x, y), want))
                if best is None or d < best[0]:
                    best = (d, x, y, pixel(x, y))
        print("closest to #%s near (%d, %d): %s at (%d, %d), off by %d"
              % (argv[6], x0, y0, best[3], best[1], best[2], best[0]))
        return 0 if best[0] <= tol else 1
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
