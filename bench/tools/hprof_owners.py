#!/usr/bin/env python3
"""Who holds the instances of a few classes in an HPROF heap dump: referrer chains, grouped, with counts.

Written for S4 (idle sockets; `./switchboard bench s4 ... --heap-dump <file>`): for each class asked about it groups
the instances by the chain of holders above them, `HolderClass.field` (or `ElementType[] element` for an array slot), up to --depth
levels, and prints the count and shallow bytes of each group, and both divided by --per (the number of idle sockets),
so a group that every socket has shows up as 1.0, 2.0, ... per socket.

    python3 bench/tools/hprof_owners.py /tmp/s4.hprof --per 5000 --depth 4 \
        --class 'java.lang.Object[]' --class 'byte[]' --class java.lang.String \
        --class java.util.concurrent.ConcurrentHashMap

Sizes are the JVM's with compressed oops and class pointers (12-byte header, 4-byte references, 8-byte alignment),
computed from the dump, so they match `jcmd GC.class_histogram`. An object with several holders is counted under the
first one the dump lists. Needs only Python 3; the 100 MB dump of 5 000 idle sockets took ~10 s and ~300 MB with
--depth 3 (one pass over the dump per level).
"""
import argparse
import collections
import mmap
import struct
import sys

PRIM_SIZE = {4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
PRIM_NAME = {4: 'boolean[]', 5: 'char[]', 6: 'float[]', 7: 'double[]', 8: 'byte[]', 9: 'short[]', 10: 'int[]',
             11: 'long[]'}
# field sizes as laid out in the JVM with compressed oops (object references are 4 bytes there)
JVM_FIELD = {2: 4, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}


def align(n):
    return (n + 7) & ~7


def java_name(sig):
    """'[Ljava/lang/Object;' -> 'java.lang.Object[]', 'java/lang/String' -> 'java.lang.String'."""
    dims = 0
    while sig.startswith('['):
        dims += 1
        sig = sig[1:]
    if dims:
        if sig.startswith('L'):
            sig = sig[1:-1]
        else:
            sig = {'Z': 'boolean', 'C': 'char', 'F': 'float', 'D': 'double', 'B': 'byte', 'S': 'short',
                   'I': 'int', 'J': 'long'}.get(sig, sig)
    return sig.replace('/', '.') + '[]' * dims


class Dump:
    def __init__(self, path):
        f = open(path, 'rb')
        self.m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        end = self.m.find(b'\0')
        self.idsize = struct.unpack_from('>I', self.m, end + 1)[0]
        self.start = end + 1 + 4 + 8
        self.idfmt = '>Q' if self.idsize == 8 else '>I'
        self.strings = {}
        self.class_name = {}        # class object id -> name
        self.classes = {}           # class object id -> (super id, [(name, type)])
        self.segments = []          # (start, end) of heap dump segments
        self._scan()

    def _scan(self):
        m, pos, ids = self.m, self.start, self.idsize
        class_name_sid = {}
        while pos < len(m):
            tag, _, length = struct.unpack_from('>BII', m, pos)
            body = pos + 9
            if tag == 0x01:
                sid = struct.unpack_from(self.idfmt, m, body)[0]
                self.strings[sid] = m[body + ids:body + length].decode('utf-8', 'replace')
            elif tag == 0x02:
                cid = struct.unpack_from(self.idfmt, m, body + 4)[0]
                class_name_sid[cid] = struct.unpack_from(self.idfmt, m, body + 8 + ids)[0]
            elif tag in (0x0C, 0x1C):
                self.segments.append((body, body + length))
            pos = body + length
        for cid, sid in class_name_sid.items():
            self.class_name[cid] = java_name(self.strings.get(sid, '?'))

    def heap(self):
        """Yields (kind, id, position, extra) for each heap sub-record we care about; parses class dumps itself."""
        m, ids, idf = self.m, self.idsize, self.idfmt
        for start, end in self.segments:
            pos = start
            while pos < end:
                t = m[pos]
                pos += 1
                if t == 0xFF:
                    pos += ids
                elif t == 0x01:
                    pos += 2 * ids
                elif t in (0x02, 0x03):
                    pos += ids + 8
                elif t in (0x04, 0x06):
                    pos += ids + 4
                elif t in (0x05, 0x07):
                    pos += ids
                elif t == 0x08:
                    pos += ids + 8
                elif t == 0x20:
                    cid = struct.unpack_from(idf, m, pos)[0]
                    sup = struct.unpack_from(idf, m, pos + ids + 4)[0]
                    pos += 7 * ids + 4 + 4
                    n = struct.unpack_from('>H', m, pos)[0]
                    pos += 2
                    for _ in range(n):
                        ty = m[pos + 2]
                        pos += 3 + (ids if ty == 2 else PRIM_SIZE[ty])
                    n = struct.unpack_from('>H', m, pos)[0]
                    pos += 2
                    for _ in range(n):
                        ty = m[pos + ids]
                        pos += ids + 1 + (ids if ty == 2 else PRIM_SIZE[ty])
                    n = struct.unpack_from('>H', m, pos)[0]
                    pos += 2
                    fields = []
                    for _ in range(n):
                        fields.append((self.strings.get(struct.unpack_from(idf, m, pos)[0], '?'), m[pos + ids]))
                        pos += ids + 1
                    self.classes[cid] = (sup, fields)
                elif t == 0x21:
                    oid = struct.unpack_from(idf, m, pos)[0]
                    cid = struct.unpack_from(idf, m, pos + ids + 4)[0]
                    n = struct.unpack_from('>I', m, pos + 2 * ids + 4)[0]
                    yield 'i', oid, pos + 2 * ids + 8, (cid, n)
                    pos += 2 * ids + 8 + n
                elif t == 0x22:
                    oid = struct.unpack_from(idf, m, pos)[0]
                    n = struct.unpack_from('>I', m, pos + ids + 4)[0]
                    cid = struct.unpack_from(idf, m, pos + ids + 8)[0]
                    yield 'o', oid, pos + 2 * ids + 8, (cid, n)
                    pos += 2 * ids + 8 + n * ids
                elif t == 0x23:
                    oid = struct.unpack_from(idf, m, pos)[0]
                    n, ty = struct.unpack_from('>IB', m, pos + ids + 4)
                    yield 'p', oid, pos + ids + 9, (ty, n)
                    pos += ids + 9 + n * PRIM_SIZE[ty]
                else:
                    raise ValueError('unknown heap sub-record 0x%02x at %d' % (t, pos - 1))


def layouts(d):
    """class id -> (JVM shallow size, [(offset in the dump's field bytes, 'Class.field')] of reference fields)."""
    out = {}

    def lay(cid):
        if cid in out:
            return out[cid]
        chain = []
        c = cid
        while c and c in d.classes:
            chain.append(c)
            c = d.classes[c][0]
        refs, off, jvm = [], 0, 12
        for c in chain:  # the dump lists the class's own fields first, then its super's
            short = d.class_name.get(c, '?').rsplit('.', 1)[-1]
            for name, ty in d.classes[c][1]:
                if ty == 2:
                    refs.append((off, short + '.' + name))
                off += d.idsize if ty == 2 else PRIM_SIZE[ty]
                jvm += JVM_FIELD[ty]
        out[cid] = (align(jvm), refs)
        return out[cid]

    return lay


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('dump')
    ap.add_argument('--class', dest='classes', action='append', required=True,
                    help="class to trace, e.g. 'java.lang.Object[]', 'byte[]', java.lang.String (repeatable)")
    ap.add_argument('--per', type=int, default=1, help='divide counts and bytes by this (the idle sockets)')
    ap.add_argument('--depth', type=int, default=3, help='holder levels to show')
    ap.add_argument('--min', type=float, default=0.05, help='hide groups under this many per --per')
    ap.add_argument('--sizes', action='store_true', help='split array groups by length')
    a = ap.parse_args()

    d = Dump(a.dump)
    for _ in d.heap():  # first pass: class dumps (they come before the instances, but not promised)
        pass
    lay = layouts(d)
    want = set(a.classes)
    name_of = {}       # object id -> class name, only for the objects on a chain (filled in rounds)
    size_of = {}       # traced object id -> (JVM bytes, length or -1)
    holder = {}        # object id -> (holder id, 'Class.field')
    idf, ids, m = d.idfmt, d.idsize, d.m
    # Recording every object's class and references would cost GBs in Python; instead one pass records the
    # traced objects, and each further pass finds the holders of the previous level's objects.
    for kind, oid, pos, extra in d.heap():
        if kind == 'i':
            n = d.class_name.get(extra[0], '?')
            if n in want:
                size_of[oid] = (lay(extra[0])[0], -1)
                name_of[oid] = n
        elif kind == 'o':
            n = d.class_name.get(extra[0], '?')
            if n in want:
                size_of[oid] = (align(16 + 4 * extra[1]), extra[1])
                name_of[oid] = n
        else:
            n = PRIM_NAME[extra[0]]
            if n in want:
                size_of[oid] = (align(16 + PRIM_SIZE[extra[0]] * extra[1]), extra[1])
                name_of[oid] = n
    frontier = set(size_of)
    for level in range(a.depth):
        found = {}
        for kind, oid, pos, extra in d.heap():
            if kind == 'i':
                for off, fname in lay(extra[0])[1]:
                    r = struct.unpack_from(idf, m, pos + off)[0]
                    if r in frontier and r not in found:
                        found[r] = (oid, fname, d.class_name.get(extra[0], '?'))
            elif kind == 'o':
                n = extra[1]
                if n:
                    cname = d.class_name.get(extra[0], '?')
                    for i, r in enumerate(struct.unpack_from('>%d%s' % (n, idf[1]), m, pos)):
                        if r in frontier and r not in found:
                            found[r] = (oid, cname.rsplit('.', 1)[-1] + ' element', cname)
        frontier = set()
        for r, (oid, fname, cname) in found.items():
            holder[r] = (oid, fname)
            if oid not in name_of:
                name_of[oid] = cname
                frontier.add(oid)
        print('level %d: %d holders found' % (level + 1, len(found)), file=sys.stderr)

    for cls in a.classes:
        groups = collections.defaultdict(lambda: [0, 0])
        total = [0, 0]
        for oid, (size, length) in size_of.items():
            if name_of[oid] != cls:
                continue
            chain, o = [], oid
            for _ in range(a.depth):
                h = holder.get(o)
                if h is None:
                    chain.append('(root or unreached)')
                    break
                chain.append(h[1])
                o = h[0]
            key = ((' len %d' % length) if a.sizes and length >= 0 else '') + '  <- ' + ' <- '.join(chain)
            g = groups[key]
            g[0] += 1
            g[1] += size
            total[0] += 1
            total[1] += size
        print('\n%s: %d instances, %d bytes (per %d: %.2f, %.0f B)' % (
            cls, total[0], total[1], a.per, total[0] / a.per, total[1] / a.per))
        for key, (n, b) in sorted(groups.items(), key=lambda kv: -kv[1][1]):
            if n / a.per < a.min:
                continue
            print('  %7.2f  %7.0f B  %s' % (n / a.per, b / a.per, key))


if __name__ == '__main__':
    main()
