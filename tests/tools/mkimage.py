#!/usr/bin/env python3
"""mkimage.py - build small container images for the customs test suite.

Usage:
    mkimage.py SPEC.json OUTPUT [--format F] [--compression gzip|zstd|none]
    (SPEC.json may be "-" for stdin; --format/--compression override the spec)

    import mkimage; mkimage.build(spec_dict, "/tmp/out")

Prints nothing on success; on a bad spec prints "mkimage: error: ..." to
stderr and exits 1.  Python 3.11 standard library only; zstd compression
runs the `zstd` binary.  The output is deterministic (same spec -> same bytes).
For the directory format (oci-layout) OUTPUT must not exist, be an empty
directory or be a previous OCI layout (which is then replaced).

FORMATS ("format", default "oci-layout")
  oci-layout             directory: oci-layout, index.json, blobs/sha256/<hex>
                         (as skopeo copy ... oci:DIR writes it)
  oci-archive            the same packed in a tar file, byte-identical to skopeo's
                         oci-archive:FILE except mtimes: blobs/, blobs/sha256/,
                         blobs/sha256/<hex> (sorted), index.json, oci-layout
  docker-archive         classic `docker save` (Docker <= 24): <v1id>/ with VERSION,
                         json, layer.tar per layer; <confighex>.json; repositories;
                         manifest.json written LAST (everything else in lexical
                         order, so layer dirs are NOT in layer order).  RepoTags
                         use the familiar name (customs-test:latest).  A layer whose diff_id already
                         appeared is written as symlink <v1id>/layer.tar ->
                         ../<firstv1id>/layer.tar (as docker does).
  docker-archive-skopeo  skopeo 1.9's docker-archive (byte-identical to
                         `skopeo copy oci:X docker-archive:F:name:tag`, verified):
                         in this order, no directory entries, mode 0444, mtime 0:
                         <diffidhex>.tar per layer, <confighex>.json, per layer
                         <v1id>/layer.tar (symlink -> ../<diffidhex>.tar),
                         <v1id>/VERSION, <v1id>/json, then manifest.json,
                         repositories.  RepoTags / repositories use the fully
                         qualified name (docker.io/library/customs-test:latest).
  docker25               Docker 25+ `docker save`: OCI layout with uncompressed layers
                         (blobs/sha256/<diffid>), per-layer v1 json blobs, index.json
                         (annotations io.containerd.image.name + ref.name, platform),
                         manifest.json with blobs/sha256/<hex> paths, repositories.
                         Entries in lexical order like docker (manifest.json is
                         NOT last: blobs/..., index.json, manifest.json,
                         oci-layout, repositories).
Compression ("compression": gzip|zstd|none): default gzip for oci-*, none for
docker-*.  gzip is written like Go (mtime 0, OS byte 255).  For docker-archive
a compressed layer is still called layer.tar (docker load accepts that).

TOP-LEVEL SPEC KEYS (keys starting with "_" are ignored - use them for comments)
  format, compression    see above
  media_types            "oci" (default) | "docker": oci-layout/oci-archive use the
                         Docker schema2 media types (manifest.v2, container.image.v1,
                         rootfs.diff.tar.gzip, manifest.list.v2); not with zstd
  tag                    default "latest"; null = no ref.name annotation / no RepoTags
  name                   repository name for docker formats, default "customs-test"
  mtime                  int, default 1735689600 (2025-01-01); all tar mtimes, config
                         "created" and history "created" derive from it
  created                override config "created" string
  author                 config author
  architecture, os, variant, os_version, os_features
                         default amd64 / linux / none
  config                 dict copied verbatim into config.config (User, Env, Labels,
                         Entrypoint, Cmd, WorkingDir, ExposedPorts, ...); default {}
  layers                 list of LAYER specs (see below), in order
  no_history             true: config has no "history"
  config_override        dict shallow-merged into the config document at the end
                         (e.g. {"rootfs": {"type": "bogus"}}); null values delete
  manifest_override      dict shallow-merged into the OCI image manifest
  manifest_annotations   dict -> image manifest "annotations"
  descriptor_annotations dict -> extra annotations on the manifest descriptor
                         (index.json, or the image index entry for platforms)
  platforms              list of dicts; makes a multi-platform image: index.json
                         -> image index (application/vnd.oci.image.index.v1+json)
                         -> one manifest per platform.  Each dict is shallow-merged
                         over the image-level keys above (architecture, os,
                         variant, config, layers, corrupt, ...); additionally
                         "extra_layers": [...] appends layers to the base ones.
                         Only oci-layout, oci-archive, docker25 (manifest.json then
                         describes platform 0, like containerd-store docker save).
  index_flat             with platforms: index.json lists the platform manifests
                         directly (no nested image index)
  manifest_first         docker formats: write manifest.json as the first tar entry
  outer_entries          archive formats: extra ENTRY specs (see below, raw_name
                         allowed) appended at the very end of the outer tar (e.g.
                         "../escape", an absolute symlink, or a duplicate
                         "index.json" that shadows the first); oci-layout: files
                         created inside the directory (relative paths only)
  corrupt                dict of corruptions, see below

LAYER spec: either a list of ENTRY dicts, or a dict:
  {"entries": [...], "created_by": "RUN ...", "comment": "...", "author": "...",
   "dot_prefix": false,   names written as ./etc/... (and "./" for path ".")
   "pax": false,          force a PAX extended header (path, linkpath, mtime) on
                          every entry
   "tar_format": "pax",   "pax" (default, USTAR unless needed; long names via PAX)
                          | "gnu" (././@LongLink for long names) | "ustar"
   "compression": ...,    per-layer override (mixed-compression images)
   "mode_type_bits": false,  add file-type bits to tar modes (0100644, 0040755)
                          as docker's own archiver does
   "no_eof": false,       omit the two zero end-of-archive blocks
   "record_pad": false}   pad the tar to a multiple of 10240 bytes (GNU tar style)
  History-only step: {"empty_layer": true, "created_by": "ENV A=b"} -> history entry
  with empty_layer, no layer.  Layer numbers N below count real layers only
  (0-based).  Default created_by is "mkimage layer N".

ENTRY spec:
  path          "etc/os-release" (leading "/" stripped; "." = root dir)
  type          file (default) | dir | symlink | hardlink | whiteout | opaque |
                fifo | chardev | blockdev
                whiteout of a/b writes a/.wh.b; opaque of dir a writes a/.wh..wh..opq
  content       text (UTF-8) | content_b64 | content_file (host path; relative
                to the spec file's directory on the CLI) |
  size_repeat   ["ab", 1000000] = "ab" * 1000000   (at most one of the four)
  target        link target (hardlink targets get the same ./ treatment as paths)
  raw_target    linkname written verbatim
  raw_name      exact tar name written verbatim ("../../evil", "/abs/path")
  mode          int (JSON: 420) or string "0644"/"0o644"; defaults 0644 file,
                0755 dir, 0777 symlink
  uid, gid, uname, gname, mtime, devmajor, devminor
  pax_headers   dict of extra PAX records (e.g. {"SCHILY.xattr.user.x": "1"});
                pax / pax_headers need tar_format "pax"

CORRUPT options ("corrupt": {...}); N = real layer number.  Image-level ones may
also be put inside a platform dict (then they apply to that platform only;
top-level image-level ones apply to every platform).
  layer_digest: N          manifest lists a wrong digest for layer N and the blob is
                           stored under that wrong name (found, but mismatches);
                           docker-archive-skopeo: layer file named by the wrong hex
  layer_digest_raw: [N, s] layer N descriptor digest replaced by string s verbatim
                           (e.g. "sha256:../../../etc/passwd"); blob stored normally
  config_digest_raw: s     same for the config descriptor
  diff_id: N               config rootfs.diff_ids[N] is wrong
  truncate_layer: [N, b]   blob cut to b bytes (negative b: cut -b bytes off the end);
                           digest/size describe the truncated blob (for uncompressed
                           layers the diff_id too), so only decompression/tar fails.
                           For uncompressed layers cut INSIDE a file's data: a cut
                           at a header boundary / in padding looks like a clean
                           end of archive to lenient readers (Go archive/tar)
  truncate_layer_raw: [N, b]  blob cut, but digest/size stay those of the full blob
  garbage_layer: N         blob replaced by deterministic garbage of the same length,
                           digest matches the garbage
  garbage_layer_keep_header: N  same, but the first 10 bytes (gzip/zstd header)
                           are kept, so the stream is recognised then fails
  size_claim: [N, i, sz]   tar header of entry i of layer N claims size sz
                           (e.g. 10**12); the real data follows
  missing_blob: X or [X..] X = "config" | "layer:N" | "manifest" (OCI manifest blob;
                           docker-archive*: manifest.json) | "manifest.json" |
                           "index" (index.json) | "image_index" | "oci-layout" |
                           "repositories"
  invalid_json: X or [X..] X = "config" | "manifest" | "manifest.json" | "index" |
                           "image_index": document truncated (digests match the
                           truncated bytes)
  blob_symlink: [X, tgt]   X = "config" | "layer:N" | "manifest": that blob is written
                           as a symlink to tgt (tar symlink entry / real symlink)
  manifest_path: p | [N, p]  docker formats: manifest.json Layers[N] (default 0) = p
  config_path: p           docker formats: manifest.json Config = p
  outer_truncate: b        archive formats: outer tar cut to b bytes (negative: cut
                           -b bytes off the end).  Alias: top-level "truncate_outer".
                           Cutting only the 1024-byte end-of-archive marker is
                           accepted by many readers: cut into a blob instead.

Which corruptions a reader detects where: a wrong diff_id or truncated /
garbage / size_claim layer is only noticed when the layer is decompressed and
parsed (umoci unpack notices, `skopeo copy ... dir:` does not); layer_digest,
truncate_layer_raw and missing blobs are noticed by any digest-verifying copy.
"""

import argparse
import base64
import copy
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import zlib

DEFAULT_MTIME = 1735689600
DEFAULT_NAME = "customs-test"
FORMATS = ("oci-layout", "oci-archive", "docker-archive",
           "docker-archive-skopeo", "docker25")
COMPRESSIONS = ("gzip", "zstd", "none")

MT_OCI_INDEX = "application/vnd.oci.image.index.v1+json"
MT_OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_OCI_LAYER = {"none": "application/vnd.oci.image.layer.v1.tar",
                "gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
                "zstd": "application/vnd.oci.image.layer.v1.tar+zstd"}
MT_DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
MT_DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
MT_DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
MT_DOCKER_LAYER = {"none": "application/vnd.docker.image.rootfs.diff.tar",
                   "gzip": "application/vnd.docker.image.rootfs.diff.tar.gzip"}
REF_NAME = "org.opencontainers.image.ref.name"
CONTAINERD_NAME = "io.containerd.image.name"
OCI_LAYOUT_CONTENT = b'{"imageLayoutVersion": "1.0.0"}'

IMAGE_KEYS = {"architecture", "os", "variant", "os_version", "os_features",
              "config", "layers", "extra_layers", "created", "author",
              "no_history", "config_override", "manifest_override",
              "manifest_annotations", "descriptor_annotations", "compression",
              "mtime", "corrupt"}
GLOBAL_KEYS = {"format", "media_types", "tag", "name", "platforms",
               "index_flat", "manifest_first", "outer_entries",
               "truncate_outer"}
IMAGE_CORRUPT = {"layer_digest", "layer_digest_raw", "config_digest_raw",
                 "diff_id", "truncate_layer", "truncate_layer_raw",
                 "garbage_layer", "garbage_layer_keep_header", "size_claim",
                 "missing_blob", "invalid_json", "blob_symlink"}
GLOBAL_CORRUPT = {"missing_blob", "invalid_json", "manifest_path",
                  "config_path", "outer_truncate"}
MISSING_IMAGE = {"config", "manifest"}          # plus layer:N
MISSING_GLOBAL = {"manifest.json", "index", "image_index", "oci-layout",
                  "repositories", "manifest"}
INVALID_IMAGE = {"config", "manifest"}
INVALID_GLOBAL = {"manifest.json", "index", "image_index", "manifest"}
LAYER_KEYS = {"entries", "created_by", "comment", "dot_prefix", "pax",
              "mode_type_bits",
              "tar_format", "compression", "no_eof", "record_pad",
              "empty_layer", "author"}
ENTRY_KEYS = {"path", "type", "content", "content_b64", "content_file",
              "size_repeat", "target", "raw_target", "raw_name", "mode", "uid",
              "gid", "uname", "gname", "mtime", "devmajor", "devminor",
              "pax_headers"}
ENTRY_TYPES = {"file", "dir", "symlink", "hardlink", "whiteout", "opaque",
               "fifo", "chardev", "blockdev"}

# docker's empty v1 container_config, as found in legacy <id>/json files
_V1_CONTAINER_CONFIG = {
    "Hostname": "", "Domainname": "", "User": "", "AttachStdin": False,
    "AttachStdout": False, "AttachStderr": False, "Tty": False,
    "OpenStdin": False, "StdinOnce": False, "Env": None, "Cmd": None,
    "Image": "", "Volumes": None, "WorkingDir": "", "Entrypoint": None,
    "OnBuild": None, "Labels": None}


class SpecError(Exception):
    """The spec is invalid (reported as exit status 1 by the CLI)."""


# ----------------------------------------------------------------- helpers

def _sha(data):
    return hashlib.sha256(data).hexdigest()


def go_json(obj, newline=False):
    """Serialise like Go's encoding/json (compact, HTML-escaped, UTF-8)."""
    s = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    s = (s.replace("<", "\\u003c").replace(">", "\\u003e")
         .replace("&", "\\u0026").replace("\u2028", "\\u2028")
         .replace("\u2029", "\\u2029"))
    if newline:
        s += "\n"
    return s.encode("utf-8")


def _rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def _fake_hex(real_hex, what):
    return _sha(("mkimage-wrong-digest:%s:%s" % (what, real_hex)).encode())


def _garbage(n, seed):
    out = bytearray()
    i = 0
    while len(out) < n:
        out += hashlib.sha256(("%s:%d" % (seed, i)).encode()).digest()
        i += 1
    out = out[:n]
    # never start with a gzip / zstd / bzip2 / xz magic by accident
    if out[:2] in (b"\x1f\x8b", b"\x28\xb5", b"BZ", b"\xfd7"):
        out[0] ^= 0x55
    return bytes(out)


def _cut(data, n):
    if not isinstance(n, int) or isinstance(n, bool):
        raise SpecError("truncation length must be an integer, got %r" % (n,))
    return data[:n] if n >= 0 else data[:max(0, len(data) + n)]


def _as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _int(v, what):
    if isinstance(v, bool) or not isinstance(v, int):
        raise SpecError("%s must be an integer, got %r" % (what, v))
    return v


def _mode(v, what):
    if isinstance(v, str):
        s = v.lower()
        if s.startswith("0o"):
            s = s[2:]
        try:
            return int(s, 8)
        except ValueError:
            raise SpecError("%s: bad mode %r" % (what, v)) from None
    return _int(v, what)


def _gzip(data):
    # Like Go's compress/gzip: no name, mtime 0, XFL 0, OS 255 (unknown).
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = co.compress(data) + co.flush()
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + body +
            struct.pack("<II", zlib.crc32(data) & 0xffffffff,
                        len(data) & 0xffffffff))


def _zstd(data):
    exe = shutil.which("zstd")
    if not exe:
        raise SpecError("zstd compression requested but the zstd binary is "
                        "not installed")
    p = subprocess.run([exe, "-q", "-c", "-3"], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       check=False)
    if p.returncode != 0:
        raise SpecError("zstd failed: %s" % p.stderr.decode(errors="replace"))
    return p.stdout


def compress(data, comp):
    if comp == "gzip":
        return _gzip(data)
    if comp == "zstd":
        return _zstd(data)
    if comp == "none":
        return data
    raise SpecError("unknown compression %r (want gzip, zstd or none)" %
                    (comp,))


def _check_keys(d, allowed, what):
    if not isinstance(d, dict):
        raise SpecError("%s must be an object, got %r" % (what, d))
    bad = [k for k in d if k not in allowed and not k.startswith("_")]
    if bad:
        raise SpecError("%s: unknown key(s) %s" % (what, ", ".join(sorted(bad))))


# ----------------------------------------------------------- tar writing

def _entry_content(e, where, base_dir=None):
    keys = [k for k in ("content", "content_b64", "content_file",
                        "size_repeat") if k in e]
    if len(keys) > 1:
        raise SpecError("%s: only one of %s allowed" % (where, ", ".join(keys)))
    if not keys:
        return b""
    k = keys[0]
    v = e[k]
    if k == "content":
        if not isinstance(v, str):
            raise SpecError("%s: content must be a string" % where)
        return v.encode("utf-8")
    if k == "content_b64":
        try:
            return base64.b64decode(v, validate=True)
        except Exception:
            raise SpecError("%s: invalid content_b64" % where) from None
    if k == "content_file":
        if not isinstance(v, str):
            raise SpecError("%s: content_file must be a string" % where)
        if base_dir and not os.path.isabs(v):
            v = os.path.join(base_dir, v)
        try:
            with open(v, "rb") as f:
                return f.read()
        except OSError as ex:
            raise SpecError("%s: content_file: %s" % (where, ex)) from None
    if (not isinstance(v, list) or len(v) != 2 or not isinstance(v[0], str)
            or isinstance(v[1], bool) or not isinstance(v[1], int) or v[1] < 0):
        raise SpecError('%s: size_repeat must be ["string", count]' % where)
    return v[0].encode("utf-8") * v[1]


def _norm_path(p, dot_prefix):
    p = p.lstrip("/")
    while p.startswith("./"):
        p = p[2:]
    if p in ("", "."):
        return "./"
    return "./" + p if dot_prefix else p


def make_entry(e, where, default_mtime, dot_prefix=False, force_pax=False,
               type_bits=False, base_dir=None):
    """Return (TarInfo, data bytes) for an ENTRY spec."""
    _check_keys(e, ENTRY_KEYS, where)
    etype = e.get("type", "file")
    if etype not in ENTRY_TYPES:
        raise SpecError("%s: unknown type %r" % (where, etype))
    if "raw_name" in e:
        name = e["raw_name"]
        if not isinstance(name, str):
            raise SpecError("%s: raw_name must be a string" % where)
    else:
        path = e.get("path")
        if not isinstance(path, str):
            raise SpecError("%s: missing path" % where)
        if etype == "whiteout":
            p = path.strip("/")
            d, _, b = p.rpartition("/")
            if not b:
                raise SpecError("%s: whiteout needs a non-root path" % where)
            path = (d + "/" if d else "") + ".wh." + b
        elif etype == "opaque":
            p = path.strip("/")
            path = (p + "/" if p and p != "." else "") + ".wh..wh..opq"
        name = _norm_path(path, dot_prefix)
    data = _entry_content(e, where, base_dir)
    ti = GoTarInfo(name)
    ti.mtime = _int(e.get("mtime", default_mtime), where + ".mtime")
    ti.uid = _int(e.get("uid", 0), where + ".uid")
    ti.gid = _int(e.get("gid", 0), where + ".gid")
    ti.uname = e.get("uname", "")
    ti.gname = e.get("gname", "")
    default_mode = 0o644
    if etype in ("file", "whiteout", "opaque"):
        ti.type = tarfile.REGTYPE
        if etype != "file" and data:
            raise SpecError("%s: %s entries have no content" % (where, etype))
        ti.size = len(data)
    else:
        if data:
            raise SpecError("%s: only file entries have content" % where)
        if etype == "dir":
            ti.type = tarfile.DIRTYPE
            default_mode = 0o755
        elif etype in ("symlink", "hardlink"):
            ti.type = tarfile.SYMTYPE if etype == "symlink" else tarfile.LNKTYPE
            if "raw_target" in e:
                ti.linkname = e["raw_target"]
            elif isinstance(e.get("target"), str):
                t = e["target"]
                ti.linkname = (_norm_path(t, dot_prefix)
                               if etype == "hardlink" else t)
            else:
                raise SpecError("%s: %s needs a target" % (where, etype))
            if etype == "symlink":
                default_mode = 0o777
        elif etype == "fifo":
            ti.type = tarfile.FIFOTYPE
        else:
            ti.type = tarfile.CHRTYPE if etype == "chardev" else tarfile.BLKTYPE
            ti.devmajor = _int(e.get("devmajor", 0), where + ".devmajor")
            ti.devminor = _int(e.get("devminor", 0), where + ".devminor")
            default_mode = 0o666
    ti.mode = _mode(e.get("mode", default_mode), where + ".mode")
    if type_bits and ti.mode <= 0o7777:
        ti.mode |= _TYPE_BITS[ti.type]
    pax = {}
    if force_pax:
        pax["path"] = ti.name + ("/" if ti.type == tarfile.DIRTYPE and
                                 not ti.name.endswith("/") else "")
        if ti.linkname:
            pax["linkpath"] = ti.linkname
        pax["mtime"] = str(ti.mtime)
    extra = e.get("pax_headers", {})
    if not isinstance(extra, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in extra.items()):
        raise SpecError("%s: pax_headers must map strings to strings" % where)
    pax.update(extra)
    ti.pax_headers = pax
    return ti, data


class GoTarInfo(tarfile.TarInfo):
    """TarInfo whose headers look like Go's archive/tar output: devmajor /
    devminor are written as octal zeros in every header block, and the mode
    field keeps file-type bits (0100644, 0040755, ...) when the mode has them
    (tarfile would mask them off; moby / containers-storage write them)."""

    def get_info(self):
        info = super().get_info()
        if self.mode is not None:
            info["mode"] = self.mode
        return info

    @staticmethod
    def _create_header(info, format, encoding, errors):
        buf = tarfile.TarInfo._create_header(info, format, encoding, errors)
        mode = info.get("mode") or 0
        dev_empty = buf[329:345] == b"\0" * 16
        if dev_empty or 0o7777 < mode <= 0o7777777:
            if dev_empty:
                buf = buf[:329] + b"0000000\0" * 2 + buf[345:]
            if 0o7777 < mode <= 0o7777777:
                buf = buf[:100] + bytes("%07o\0" % mode, "ascii") + buf[108:]
            buf = buf[:148] + b"        " + buf[156:]
            chk = tarfile.calc_chksums(buf)[0]
            buf = buf[:148] + bytes("%06o\0" % chk, "ascii") + buf[155:]
        return buf


# file-type bits some Go archivers put into the tar mode field
_TYPE_BITS = {tarfile.REGTYPE: 0o100000, tarfile.DIRTYPE: 0o040000,
              tarfile.SYMTYPE: 0o120000, tarfile.LNKTYPE: 0o100000,
              tarfile.FIFOTYPE: 0o010000, tarfile.CHRTYPE: 0o020000,
              tarfile.BLKTYPE: 0o060000}


def _tar_format(name, where):
    fmts = {"pax": tarfile.PAX_FORMAT, "gnu": tarfile.GNU_FORMAT,
            "ustar": tarfile.USTAR_FORMAT}
    if name not in fmts:
        raise SpecError("%s: tar_format must be pax, gnu or ustar" % where)
    return fmts[name]


def tar_bytes(items, fmt=tarfile.PAX_FORMAT, eof=True, record_pad=False,
              where="tar"):
    """Serialise [(TarInfo, data, claimed_size_or_None)] like Go's archive/tar:
    header(s), data padded to 512, then two zero blocks (no record padding)."""
    out = bytearray()
    for ti, data, claim in items:
        hdr = ti
        if claim is not None:
            hdr = copy.copy(ti)
            hdr.pax_headers = dict(ti.pax_headers)
            hdr.size = claim
        try:
            out += hdr.tobuf(fmt, "utf-8", "surrogateescape")
        except ValueError as ex:
            raise SpecError("%s: cannot write entry %r: %s" %
                            (where, ti.name, ex)) from None
        out += data
        if len(data) % 512:
            out += b"\0" * (512 - len(data) % 512)
    if eof:
        out += b"\0" * 1024
    if record_pad and len(out) % 10240:
        out += b"\0" * (10240 - len(out) % 10240)
    return bytes(out)


def build_layer_tar(layer, where, mtime, size_claims=None, base_dir=None):
    """Build the uncompressed tar of a LAYER spec."""
    size_claims = size_claims or {}
    entries = layer["entries"]
    fmt = _tar_format(layer.get("tar_format", "pax"), where)
    if fmt != tarfile.PAX_FORMAT and (layer.get("pax") or any(
            isinstance(e, dict) and e.get("pax_headers") for e in entries)):
        raise SpecError("%s: pax / pax_headers need tar_format pax" % where)
    items = []
    for i, e in enumerate(entries):
        ti, data = make_entry(e, "%s.entries[%d]" % (where, i), mtime,
                              bool(layer.get("dot_prefix")),
                              bool(layer.get("pax")),
                              bool(layer.get("mode_type_bits")), base_dir)
        items.append((ti, data, size_claims.get(i)))
    for i in size_claims:
        if not 0 <= i < len(entries):
            raise SpecError("%s: size_claim entry %d does not exist" %
                            (where, i))
    return tar_bytes(items, fmt, not layer.get("no_eof"),
                     bool(layer.get("record_pad")), where)


# ------------------------------------------------------------- one image

class Layer:
    pass


class Image:
    """One single-platform image: its blobs, after corruption."""

    def __init__(self):
        self.layers = []          # list of Layer
        self.config = b""
        self.config_hex = ""
        self.config_desc_digest = ""
        self.manifest = b""
        self.manifest_hex = ""
        self.platform = {}
        self.missing = set()      # "config", "manifest", "layer:N"
        self.symlinks = {}        # same keys -> symlink target
        self.diff_ids = []        # as written in the config
        self.created = ""


def _norm_layers(layers, where):
    if not isinstance(layers, list):
        raise SpecError("%s must be a list" % where)
    out = []
    for i, L in enumerate(layers):
        w = "%s[%d]" % (where, i)
        if isinstance(L, list):
            L = {"entries": L}
        _check_keys(L, LAYER_KEYS, w)
        if L.get("empty_layer"):
            if L.get("entries"):
                raise SpecError("%s: an empty_layer step has no entries" % w)
        elif not isinstance(L.get("entries", []), list):
            raise SpecError("%s.entries must be a list" % w)
        else:
            L = dict(L)
            L.setdefault("entries", [])
        out.append((w, L))
    return out


def _layer_index(v, nlayers, what):
    v = _int(v, what)
    if not 0 <= v < nlayers:
        raise SpecError("%s: layer %d does not exist (image has %d layers)" %
                        (what, v, nlayers))
    return v


def _pair(v, what):
    if not isinstance(v, list) or len(v) != 2:
        raise SpecError("%s must be a [layer, value] pair" % what)
    return v


def build_image(ispec, fmt, default_comp, media_types, where="spec",
                base_dir=None):
    """Build one single-platform Image from the (merged) image-level spec."""
    img = Image()
    mtime = _int(ispec.get("mtime", DEFAULT_MTIME), where + ".mtime")
    created = ispec.get("created", _rfc3339(mtime))
    img.created = created
    comp_default = ispec.get("compression", default_comp)
    corrupt = ispec.get("corrupt") or {}
    _check_keys(corrupt, IMAGE_CORRUPT | GLOBAL_CORRUPT, where + ".corrupt")

    steps = _norm_layers(ispec.get("layers", []), where + ".layers")
    steps += _norm_layers(ispec.get("extra_layers", []),
                          where + ".extra_layers")
    real = [(w, L) for w, L in steps if not L.get("empty_layer")]
    n = len(real)

    # --- corruption parameters that touch layers
    size_claims = {}
    if "size_claim" in corrupt:
        v = corrupt["size_claim"]
        if not isinstance(v, list) or len(v) != 3:
            raise SpecError("corrupt.size_claim must be [layer, entry, size]")
        li = _layer_index(v[0], n, "corrupt.size_claim")
        size_claims.setdefault(li, {})[_int(v[1], "corrupt.size_claim")] = \
            _int(v[2], "corrupt.size_claim")

    def one(key):
        if key in corrupt:
            return _layer_index(corrupt[key], n, "corrupt." + key)
        return None

    bad_digest = one("layer_digest")
    bad_diffid = one("diff_id")
    garbage = one("garbage_layer")
    garbage_keep = one("garbage_layer_keep_header")
    trunc = trunc_raw = digest_raw = None
    if "truncate_layer" in corrupt:
        p = _pair(corrupt["truncate_layer"], "corrupt.truncate_layer")
        trunc = (_layer_index(p[0], n, "corrupt.truncate_layer"), p[1])
    if "truncate_layer_raw" in corrupt:
        p = _pair(corrupt["truncate_layer_raw"], "corrupt.truncate_layer_raw")
        trunc_raw = (_layer_index(p[0], n, "corrupt.truncate_layer_raw"), p[1])
    if "layer_digest_raw" in corrupt:
        p = _pair(corrupt["layer_digest_raw"], "corrupt.layer_digest_raw")
        if not isinstance(p[1], str):
            raise SpecError("corrupt.layer_digest_raw digest must be a string")
        digest_raw = (_layer_index(p[0], n, "corrupt.layer_digest_raw"), p[1])

    for m in _as_list(corrupt.get("missing_blob")):
        if m in MISSING_IMAGE:
            img.missing.add(m)
        elif isinstance(m, str) and m.startswith("layer:"):
            img.missing.add("layer:%d" % _layer_index(
                _int_str(m[6:], "corrupt.missing_blob"), n,
                "corrupt.missing_blob"))
        elif m not in MISSING_GLOBAL:
            raise SpecError("corrupt.missing_blob: unknown value %r" % (m,))
    invalid = set()
    for m in _as_list(corrupt.get("invalid_json")):
        if m in INVALID_IMAGE:
            invalid.add(m)
        elif m not in INVALID_GLOBAL:
            raise SpecError("corrupt.invalid_json: unknown value %r" % (m,))
    if "blob_symlink" in corrupt:
        v = corrupt["blob_symlink"]
        if (not isinstance(v, list) or len(v) != 2 or
                not isinstance(v[0], str) or not isinstance(v[1], str)):
            raise SpecError('corrupt.blob_symlink must be ["config"|"layer:N"|'
                            '"manifest", "target"]')
        k = v[0]
        if k.startswith("layer:"):
            k = "layer:%d" % _layer_index(_int_str(k[6:], "blob_symlink"), n,
                                          "corrupt.blob_symlink")
        elif k not in ("config", "manifest"):
            raise SpecError("corrupt.blob_symlink: unknown blob %r" % (k,))
        img.symlinks[k] = v[1]

    if bad_digest is not None and fmt == "docker-archive":
        raise SpecError("corrupt.layer_digest is meaningless for docker-archive "
                        "(no layer digests); use diff_id")

    # --- layers
    mt_layer = MT_DOCKER_LAYER if media_types == "docker" else MT_OCI_LAYER
    for li, (w, L) in enumerate(real):
        lay = Layer()
        lay.spec = L
        lay.comp = L.get("compression", comp_default)
        if lay.comp not in COMPRESSIONS:
            raise SpecError("%s: unknown compression %r" % (w, lay.comp))
        if lay.comp not in mt_layer:
            raise SpecError("%s: %s compression has no docker media type" %
                            (w, lay.comp))
        lay.media_type = mt_layer[lay.comp]
        lay.tar = build_layer_tar(L, w, mtime, size_claims.get(li), base_dir)
        lay.diff_id = _sha(lay.tar)
        full = compress(lay.tar, lay.comp)
        blob = full
        if garbage == li:
            blob = _garbage(len(full), "layer%d" % li)
        if garbage_keep == li:
            blob = full[:10] + _garbage(max(len(full) - 10, 54),
                                        "layer%d" % li)
        if trunc is not None and trunc[0] == li:
            blob = _cut(blob, trunc[1])
        if blob is not full and lay.comp == "none":
            # uncompressed: blob == layer tar, keep diff_id consistent so
            # that only the tar parsing fails
            lay.diff_id = _sha(blob)
        desc_blob = blob
        if trunc_raw is not None and trunc_raw[0] == li:
            blob = _cut(blob, trunc_raw[1])
        lay.blob = blob
        lay.real_hex = _sha(desc_blob)
        lay.size = len(desc_blob)
        lay.store_hex = lay.real_hex
        lay.desc_digest = "sha256:" + lay.real_hex
        if bad_digest == li:
            lay.store_hex = _fake_hex(lay.real_hex, "layer%d" % li)
            lay.desc_digest = "sha256:" + lay.store_hex
        if digest_raw is not None and digest_raw[0] == li:
            lay.desc_digest = digest_raw[1]
        lay.missing = ("layer:%d" % li) in img.missing
        lay.symlink = img.symlinks.get("layer:%d" % li)
        img.layers.append(lay)

    # --- config
    cfg = {"created": created}
    if "author" in ispec:
        cfg["author"] = ispec["author"]
    cfg["architecture"] = ispec.get("architecture", "amd64")
    if ispec.get("variant"):
        cfg["variant"] = ispec["variant"]
    cfg["os"] = ispec.get("os", "linux")
    if ispec.get("os_version"):
        cfg["os.version"] = ispec["os_version"]
    if ispec.get("os_features"):
        cfg["os.features"] = ispec["os_features"]
    conf = ispec.get("config", {})
    if not isinstance(conf, dict):
        raise SpecError(where + ".config must be an object")
    cfg["config"] = conf
    diff_ids = ["sha256:" + lay.diff_id for lay in img.layers]
    if bad_diffid is not None:
        diff_ids[bad_diffid] = "sha256:" + _fake_hex(
            img.layers[bad_diffid].diff_id, "diffid")
    img.diff_ids = diff_ids
    cfg["rootfs"] = {"type": "layers", "diff_ids": diff_ids}
    if not ispec.get("no_history"):
        hist = []
        li = 0
        for w, L in steps:
            h = {"created": created}
            if L.get("author"):
                h["author"] = L["author"]
            if L.get("empty_layer"):
                h["created_by"] = L.get("created_by", "mkimage empty step")
            else:
                h["created_by"] = L.get("created_by", "mkimage layer %d" % li)
                li += 1
            if L.get("comment"):
                h["comment"] = L["comment"]
            if L.get("empty_layer"):
                h["empty_layer"] = True
            hist.append(h)
        cfg["history"] = hist
    _override(cfg, ispec.get("config_override"), where + ".config_override")
    img.platform = {"architecture": cfg.get("architecture"),
                    "os": cfg.get("os")}
    for k in ("os.version", "os.features", "variant"):
        if k in cfg:
            img.platform[k] = cfg[k]
    img.config_doc = cfg
    img.config = go_json(cfg)
    if "config" in invalid:
        img.config = img.config[:len(img.config) // 2]
    img.config_hex = _sha(img.config)
    img.config_desc_digest = corrupt.get("config_digest_raw",
                                         "sha256:" + img.config_hex)
    if not isinstance(img.config_desc_digest, str):
        raise SpecError("corrupt.config_digest_raw must be a string")

    # --- manifest
    docker_mt = media_types == "docker"
    man = {"schemaVersion": 2,
           "mediaType": MT_DOCKER_MANIFEST if docker_mt else MT_OCI_MANIFEST,
           "config": {"mediaType": MT_DOCKER_CONFIG if docker_mt
                      else MT_OCI_CONFIG,
                      "digest": img.config_desc_digest,
                      "size": len(img.config)}}
    if fmt == "docker25":
        man["config"]["platform"] = dict(img.platform)
    man["layers"] = [{"mediaType": lay.media_type, "digest": lay.desc_digest,
                      "size": lay.size} for lay in img.layers]
    if ispec.get("manifest_annotations"):
        man["annotations"] = ispec["manifest_annotations"]
    _override(man, ispec.get("manifest_override"),
              where + ".manifest_override")
    img.manifest = go_json(man)
    if "manifest" in invalid:
        img.manifest = img.manifest[:len(img.manifest) // 2]
    img.manifest_hex = _sha(img.manifest)
    img.manifest_media_type = man["mediaType"] if isinstance(
        man.get("mediaType"), str) else MT_OCI_MANIFEST
    img.descriptor_annotations = ispec.get("descriptor_annotations") or {}
    return img


def _int_str(s, what):
    try:
        return int(s)
    except ValueError:
        raise SpecError("%s: bad layer number %r" % (what, s)) from None


def _override(doc, ov, what):
    if ov is None:
        return
    if not isinstance(ov, dict):
        raise SpecError(what + " must be an object")
    for k, v in ov.items():
        if v is None:
            doc.pop(k, None)
        else:
            doc[k] = v


# --------------------------------------------------------- output sinks

class Entry:
    """An entry of an output (directory or outer tar)."""

    def __init__(self, name, data=b"", kind="file", target="", mode=None,
                 mtime=None):
        self.name = name          # relative path; dirs end with "/"
        self.data = data
        self.kind = kind          # file | dir | symlink | raw
        self.target = target
        self.mode = mode
        self.mtime = mtime
        self.tarinfo = None       # for kind == "raw"


# How the various writers fill tar headers of the outer archive.
GO_ARCHIVE_STYLE = {"uname": "root", "file": 0o644, "dir": 0o755,
                    "symlink": 0o777, "type_bits": True}
#                   ^ moby pkg/archive and containers/storage archive.Tar
SKOPEO_DOCKER_STYLE = {"uname": "", "file": 0o444, "dir": 0o755,
                       "symlink": 0, "mtime": 0}  # c/image tarfile.Writer


def _outer_tar(entries, mtime, style):
    items = []
    for e in entries:
        if e.kind == "raw":
            items.append((e.tarinfo, e.data, None))
            continue
        ti = GoTarInfo(e.name)
        ti.mtime = e.mtime if e.mtime is not None else style.get("mtime",
                                                                 mtime)
        ti.uname = ti.gname = style["uname"]
        ti.mode = e.mode if e.mode is not None else style[e.kind]
        if e.kind == "dir":
            ti.type = tarfile.DIRTYPE
        elif e.kind == "symlink":
            ti.type = tarfile.SYMTYPE
            ti.linkname = e.target
        else:
            ti.size = len(e.data)
        if style.get("type_bits"):
            ti.mode |= _TYPE_BITS[ti.type]
        items.append((ti, e.data if e.kind == "file" else b"", None))
    return tar_bytes(items, where="outer tar")


def _write_dir(out, entries, mtime):
    if os.path.lexists(out):
        if not os.path.isdir(out) or os.path.islink(out):
            raise SpecError("output %s exists and is not a directory" % out)
        names = os.listdir(out)
        if names and not (set(names) & {"oci-layout", "index.json", "blobs"}):
            raise SpecError("output directory %s is not empty and does not "
                            "look like an OCI layout; refusing to replace it"
                            % out)
        shutil.rmtree(out)
    os.makedirs(out)
    dirs = []
    for e in entries:
        p = os.path.join(out, e.name.rstrip("/"))
        parent = os.path.dirname(p)
        if not os.path.isdir(parent):
            os.makedirs(parent)
        if e.kind == "dir":
            os.makedirs(p, exist_ok=True)
            dirs.append(p)
        elif e.kind == "symlink":
            os.symlink(e.target, p)
        else:
            with open(p, "wb") as f:
                f.write(e.data)
            os.chmod(p, e.mode or 0o644)
            os.utime(p, (mtime, mtime))
    for root, ds, _fs in os.walk(out):
        for d in ds:
            dirs.append(os.path.join(root, d))
    for d in dirs + [out]:
        if not os.path.islink(d):
            os.utime(d, (mtime, mtime))


def _tree_sort_key(entry):
    return entry.name.rstrip("/").split("/")


def _add_dirs(entries):
    """Add parent directory entries (dir/ before its contents), as Go's
    filepath.Walk-based archivers do."""
    seen = {e.name.rstrip("/") for e in entries if e.kind == "dir"}
    extra = []
    for e in entries:
        parts = e.name.rstrip("/").split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in seen:
                seen.add(d)
                extra.append(Entry(d + "/", kind="dir"))
    return extra + entries


# ------------------------------------------------------------- formats

def _blob_entry(name, data, key, img):
    if key in img.symlinks:
        return Entry(name, kind="symlink", target=img.symlinks[key])
    return Entry(name, data)


def _oci_blob_entries(images, nested_index=None, extra=None):
    """Blob entries of the OCI layout (layers, config, manifest per image,
    then the nested image index), de-duplicated."""
    out = []
    seen = set()

    def add(hexd, data, key, img):
        if hexd in seen:
            return
        seen.add(hexd)
        out.append(_blob_entry("blobs/sha256/" + hexd, data, key, img))

    for img in images:
        for i, lay in enumerate(img.layers):
            if not lay.missing:
                add(lay.store_hex, lay.blob, "layer:%d" % i, img)
        for hexd, data in (extra or {}).get(id(img), []):
            add(hexd, data, "", img)
        if "config" not in img.missing:
            add(img.config_hex, img.config, "config", img)
        if "manifest" not in img.missing:
            add(img.manifest_hex, img.manifest, "manifest", img)
    if nested_index is not None:
        add(nested_index[0], nested_index[1], "", Image())
    return out


def _docker_full_name(name):
    first = name.split("/", 1)[0]
    if "/" not in name:
        return "docker.io/library/" + name
    if "." in first or ":" in first or first == "localhost":
        return name
    return "docker.io/" + name


def _v1_jsons(img, arch_os):
    """Legacy per-layer v1 image json documents, as docker save writes them.
    Returns list of (v1id_hex, json_bytes)."""
    out = []
    parent = ""
    chain = ""
    n = len(img.layers)
    for i, lay in enumerate(img.layers):
        chain = lay.diff_id if i == 0 else _sha(
            ("sha256:%s sha256:%s" % (chain, lay.diff_id)).encode())
        if i == n - 1:
            v1 = {"created": img.created,
                  "container_config": _V1_CONTAINER_CONFIG}
            cfg = img.config_doc
            if "author" in cfg:
                v1["author"] = cfg["author"]
            v1["config"] = dict(_V1_CONTAINER_CONFIG, **cfg.get("config", {}))
            v1["architecture"] = arch_os[0]
            if "variant" in cfg:
                v1["variant"] = cfg["variant"]
        else:
            v1 = {"created": "1970-01-01T00:00:00Z",
                  "container_config": _V1_CONTAINER_CONFIG}
        idsrc = dict(v1, layer_id="sha256:" + chain)
        if parent:
            idsrc["parent"] = "sha256:" + parent
        v1id = _sha(go_json(idsrc))
        doc = {"id": v1id}
        if parent:
            doc["parent"] = parent
        doc.update(v1)
        doc["os"] = arch_os[1]
        out.append((v1id, go_json(doc)))
        parent = v1id
    return out


def _docker_manifest_json(items, gcorrupt, invalid, newline=True):
    for mp_key in ("manifest_path", "config_path"):
        if mp_key in gcorrupt and not items:
            raise SpecError("corrupt.%s: no manifest entry" % mp_key)
    if "manifest_path" in gcorrupt:
        v = gcorrupt["manifest_path"]
        idx, p = (0, v) if isinstance(v, str) else _pair(
            v, "corrupt.manifest_path")
        idx = _int(idx, "corrupt.manifest_path")
        if not 0 <= idx < len(items[0]["Layers"]):
            raise SpecError("corrupt.manifest_path: layer %d does not exist"
                            % idx)
        items[0]["Layers"][idx] = p
    if "config_path" in gcorrupt:
        items[0]["Config"] = gcorrupt["config_path"]
    data = go_json(items, newline=newline)
    if "manifest.json" in invalid:
        data = data[:len(data) // 2]
    return data


def _repositories(name, tag, top_hex):
    if tag is None:
        return None
    return go_json({name: {tag: top_hex}}, newline=True)


def fmt_docker_archive(img, g):
    entries = []
    v1 = _v1_jsons(img, (img.platform["architecture"], img.platform["os"]))
    first_dir = {}
    layer_paths = []
    for i, (lay, (v1id, js)) in enumerate(zip(img.layers, v1)):
        entries.append(Entry(v1id + "/", kind="dir"))
        entries.append(Entry(v1id + "/VERSION", b"1.0"))
        entries.append(Entry(v1id + "/json", js))
        lp = v1id + "/layer.tar"
        layer_paths.append(lp)
        key = "layer:%d" % i
        if lay.missing:
            pass
        elif key in img.symlinks:
            entries.append(Entry(lp, kind="symlink", target=img.symlinks[key]))
        elif lay.diff_id in first_dir:
            entries.append(Entry(lp, kind="symlink",
                                 target="../%s/layer.tar" %
                                 first_dir[lay.diff_id]))
        else:
            first_dir[lay.diff_id] = v1id
            entries.append(Entry(lp, lay.blob))
    cfg_name = img.config_hex + ".json"
    if "config" not in img.missing:
        entries.append(_blob_entry(cfg_name, img.config, "config", img))
    fam = _docker_familiar(g["name"])
    repo = _repositories(fam, g["tag"], v1[-1][0] if v1 else "")
    if repo is not None and "repositories" not in g["missing"]:
        entries.append(Entry("repositories", repo, mtime=0))
    entries.sort(key=_tree_sort_key)
    item = {"Config": cfg_name,
            "RepoTags": [fam + ":" + g["tag"]] if g["tag"] else None,
            "Layers": layer_paths}
    man = _docker_manifest_json([item], g["corrupt"], g["invalid"])
    if not g["missing"] & {"manifest.json", "manifest"}:
        if g["manifest_first"]:
            entries.insert(0, Entry("manifest.json", man, mtime=0))
        else:
            entries.append(Entry("manifest.json", man, mtime=0))
    return entries


def _skopeo_v1_jsons(img):
    """Legacy layer json documents exactly as containers/image's
    docker/internal/tarfile Writer computes them (sorted keys; only the top
    layer carries a subset of the image config).  [(v1id, json)]"""
    out = []
    chain = ""
    last = ""
    cfg = img.config_doc
    n = len(img.layers)
    for i, lay in enumerate(img.layers):
        lc = {}
        if last:
            lc["parent"] = last
        if i == n - 1:
            for k in ("architecture", "config", "container",
                      "container_config", "created", "docker_version", "os"):
                lc[k] = cfg.get(k)
        # the writer uses the layer digest (== diff_id for the uncompressed
        # layers it writes); we use the name the layer is stored under
        hexd = lay.skopeo_hex
        chain = ("sha256:" + hexd if not chain else
                 "sha256:" + _sha((chain + " sha256:" + hexd).encode()))
        lc["layer_id"] = chain
        v1id = _sha(go_json(dict(sorted(lc.items()))))
        del lc["layer_id"]
        lc["id"] = v1id
        out.append((v1id, go_json(dict(sorted(lc.items())))))
        last = v1id
    return out


def fmt_docker_archive_skopeo(img, g):
    # containers/image docker/internal/tarfile Writer (skopeo 1.9): in write
    # order (no sorting, no directory entries): <diffid>.tar layers,
    # <confighex>.json, per layer <v1id>/layer.tar (symlink to
    # ../<diffid>.tar), <v1id>/VERSION, <v1id>/json, then manifest.json and
    # repositories.  Names are fully qualified (docker.io/library/x).
    entries = []
    layer_paths = []
    written = set()
    for i, lay in enumerate(img.layers):
        lay.skopeo_hex = (lay.store_hex if lay.store_hex != lay.real_hex
                          else lay.diff_id)
        lp = lay.skopeo_hex + ".tar"
        layer_paths.append(lp)
        if lay.missing or lp in written:
            continue
        written.add(lp)
        entries.append(_blob_entry(lp, lay.blob, "layer:%d" % i, img))
    cfg_name = img.config_hex + ".json"
    if "config" not in img.missing:
        entries.append(_blob_entry(cfg_name, img.config, "config", img))
    v1 = _skopeo_v1_jsons(img)
    seen = set()
    for (v1id, js), lp in zip(v1, layer_paths):
        if v1id in seen:
            continue
        seen.add(v1id)
        entries.append(Entry(v1id + "/layer.tar", kind="symlink",
                             target="../" + lp))
        entries.append(Entry(v1id + "/VERSION", b"1.0"))
        entries.append(Entry(v1id + "/json", js))
    full = _docker_full_name(g["name"])
    item = {"Config": cfg_name,
            "RepoTags": [full + ":" + g["tag"]] if g["tag"] else [],
            "Layers": layer_paths,
            "Parent": ""}
    item.pop("Parent")   # omitempty
    man = _docker_manifest_json([item], g["corrupt"], g["invalid"],
                                newline=False)
    if not g["missing"] & {"manifest.json", "manifest"}:
        if g["manifest_first"]:
            entries.insert(0, Entry("manifest.json", man))
        else:
            entries.append(Entry("manifest.json", man))
    repo = go_json({full: {g["tag"]: v1[-1][0]}} if g["tag"] else {})
    if "repositories" not in g["missing"]:
        entries.append(Entry("repositories", repo))
    return entries


def _index_doc(descs, with_media_type):
    d = {"schemaVersion": 2}
    if with_media_type:
        d["mediaType"] = MT_OCI_INDEX
    d["manifests"] = descs
    return d


def _manifest_desc(img, annotations, platform=False):
    d = {"mediaType": img.manifest_media_type,
         "digest": "sha256:" + img.manifest_hex,
         "size": len(img.manifest)}
    ann = dict(annotations or {})
    ann.update(img.descriptor_annotations)
    if ann:
        d["annotations"] = ann
    if platform:
        d["platform"] = dict(img.platform)
    return d


def fmt_oci(images, g):
    """Entries of an OCI layout (oci-layout / oci-archive / docker25)."""
    docker25 = g["format"] == "docker25"
    tag = g["tag"]
    ref_ann = {}
    if docker25 and tag is not None:
        ref_ann[CONTAINERD_NAME] = _docker_full_name(g["name"]) + ":" + tag
    if tag is not None:
        ref_ann[REF_NAME] = tag
    nested = None
    extra = {}
    if docker25:
        for img in images:
            extra[id(img)] = [(_sha(js), js) for _v1id, js in _v1_jsons(
                img, (img.platform["architecture"], img.platform["os"]))]
    if g["multi"] and not g["index_flat"]:
        mt = (MT_DOCKER_LIST if g["media_types"] == "docker"
              else MT_OCI_INDEX)
        idx = {"schemaVersion": 2, "mediaType": mt,
               "manifests": [_manifest_desc(img, None, platform=True)
                             for img in images]}
        data = go_json(idx)
        if "image_index" in g["invalid"]:
            data = data[:len(data) // 2]
        if "image_index" not in g["missing"]:
            nested = (_sha(data), data)
        top_desc = {"mediaType": mt, "digest": "sha256:" + _sha(data),
                    "size": len(data)}
        if ref_ann:
            top_desc["annotations"] = ref_ann
        top = [top_desc]
    elif g["multi"]:
        top = [_manifest_desc(img, ref_ann, platform=True) for img in images]
    else:
        top = [_manifest_desc(images[0], ref_ann, platform=docker25)]
    index = go_json(_index_doc(top, docker25))
    if "index" in g["invalid"]:
        index = index[:len(index) // 2]
    entries = _oci_blob_entries(images, nested, extra)
    if "oci-layout" not in g["missing"]:
        entries.append(Entry("oci-layout", OCI_LAYOUT_CONTENT))
    if "index" not in g["missing"]:
        entries.append(Entry("index.json", index))
    if docker25:
        img = images[0]
        item = {"Config": "blobs/sha256/" + img.config_hex,
                "RepoTags": ([_docker_familiar(g["name"]) + ":" + tag]
                             if tag is not None else None),
                "Layers": ["blobs/sha256/" + lay.store_hex
                           for lay in img.layers]}
        man = _docker_manifest_json([item], g["corrupt"], g["invalid"])
        if "manifest.json" not in g["missing"]:
            entries.append(Entry("manifest.json", man, mtime=0))
        top_hex = img.layers[-1].diff_id if img.layers else ""
        repo = _repositories(_docker_familiar(g["name"]), tag, top_hex)
        if repo is not None and "repositories" not in g["missing"]:
            entries.append(Entry("repositories", repo, mtime=0))
    return entries


def _docker_familiar(name):
    for p in ("docker.io/library/", "docker.io/"):
        if name.startswith(p):
            return name[len(p):]
    return name


# ----------------------------------------------------------------- build

def _check_spec(spec):
    _check_keys(spec, IMAGE_KEYS | GLOBAL_KEYS, "spec")
    if "platforms" in spec:
        pl = spec["platforms"]
        if not isinstance(pl, list) or not pl:
            raise SpecError("platforms must be a non-empty list")
        for i, p in enumerate(pl):
            _check_keys(p, IMAGE_KEYS, "platforms[%d]" % i)


def build(spec, out, fmt=None, compression=None, base_dir=None):
    """Build the image described by `spec` (a dict) at path `out`.
    `fmt` / `compression` override the spec; relative content_file paths
    are resolved against `base_dir` (default: the current directory).
    Raises SpecError on a bad spec."""
    _check_spec(spec)
    spec = copy.deepcopy(spec)
    fmt = fmt or spec.get("format", "oci-layout")
    if fmt not in FORMATS:
        raise SpecError("unknown format %r (want one of %s)" %
                        (fmt, ", ".join(FORMATS)))
    if compression is not None:
        if compression not in COMPRESSIONS:
            raise SpecError("unknown compression %r" % (compression,))
        spec["compression"] = compression
        for p in spec.get("platforms", []):
            p.pop("compression", None)
    default_comp = "gzip" if fmt.startswith("oci") else "none"
    media_types = spec.get("media_types", "oci")
    if media_types not in ("oci", "docker"):
        raise SpecError("media_types must be oci or docker")
    if media_types == "docker" and fmt == "docker25":
        raise SpecError("media_types docker is not used by docker25")
    mtime = _int(spec.get("mtime", DEFAULT_MTIME), "mtime")
    gc = spec.get("corrupt") or {}
    _check_keys(gc, IMAGE_CORRUPT | GLOBAL_CORRUPT, "corrupt")
    tag = spec.get("tag", "latest")
    if tag is not None and not isinstance(tag, str):
        raise SpecError("tag must be a string or null")
    name = spec.get("name", DEFAULT_NAME)
    if not isinstance(name, str) or not name:
        raise SpecError("name must be a non-empty string")
    g = {"format": fmt, "tag": tag, "name": name, "corrupt": gc,
         "media_types": media_types,
         "missing": set(m for m in _as_list(gc.get("missing_blob"))
                        if isinstance(m, str)),
         "invalid": set(m for m in _as_list(gc.get("invalid_json"))
                        if isinstance(m, str)),
         "manifest_first": bool(spec.get("manifest_first")),
         "index_flat": bool(spec.get("index_flat")),
         "multi": "platforms" in spec}
    applicable = {"config", "manifest"}
    if fmt.startswith("docker"):
        applicable |= {"manifest.json", "repositories"}
    if not fmt.startswith("docker-archive"):
        applicable |= {"index", "oci-layout"}
        if g["multi"] and not g["index_flat"]:
            applicable.add("image_index")
    for key, vals in (("missing_blob", g["missing"]),
                      ("invalid_json", g["invalid"])):
        for v in vals:
            if v not in applicable and not v.startswith("layer:"):
                raise SpecError("corrupt.%s %r does not apply to format %s%s"
                                % (key, v, fmt, " without nested image index"
                                   if v == "image_index" else ""))
    if g["manifest_first"] and not fmt.startswith("docker"):
        raise SpecError("manifest_first only applies to docker formats")
    if fmt.startswith("docker-archive"):
        # these formats have only manifest.json
        if "manifest" in g["invalid"]:
            g["invalid"].add("manifest.json")
    if g["multi"] and fmt.startswith("docker-archive"):
        raise SpecError("platforms are not supported by %s" % fmt)
    if ("manifest_path" in gc or "config_path" in gc) and \
            not fmt.startswith("docker"):
        raise SpecError("manifest_path/config_path only apply to docker "
                        "formats")

    base = {k: v for k, v in spec.items() if k in IMAGE_KEYS}
    images = []
    if g["multi"]:
        for i, p in enumerate(spec["platforms"]):
            ispec = dict(base)
            ispec.update(p)
            if "corrupt" in ispec:
                ispec["corrupt"] = {k: v for k, v in
                                    (ispec["corrupt"] or {}).items()
                                    if k in IMAGE_CORRUPT}
            images.append(build_image(ispec, fmt, default_comp, media_types,
                                      "platforms[%d]" % i, base_dir))
    else:
        images.append(build_image(base, fmt, default_comp, media_types,
                                  base_dir=base_dir))
    if not images[0].layers and fmt.startswith("docker-archive"):
        raise SpecError("%s needs at least one layer" % fmt)

    if fmt == "docker-archive":
        entries = fmt_docker_archive(images[0], g)
    elif fmt == "docker-archive-skopeo":
        entries = fmt_docker_archive_skopeo(images[0], g)
    else:
        entries = fmt_oci(images, g)

    outer = spec.get("outer_entries", [])
    if not isinstance(outer, list):
        raise SpecError("outer_entries must be a list")
    trunc = gc.get("outer_truncate", spec.get("truncate_outer"))

    if fmt == "oci-layout":
        if trunc is not None:
            raise SpecError("outer_truncate needs an archive format")
        for i, e in enumerate(outer):
            w = "outer_entries[%d]" % i
            ti, data = make_entry(e, w, mtime, base_dir=base_dir)
            nm = ti.name.rstrip("/")
            if (nm.startswith("/") or ".." in nm.split("/") or
                    nm in ("", ".")):
                raise SpecError("%s: unsafe path for a directory layout" % w)
            kind = {tarfile.DIRTYPE: "dir", tarfile.SYMTYPE: "symlink",
                    tarfile.REGTYPE: "file"}.get(ti.type)
            if kind is None:
                raise SpecError("%s: only file/dir/symlink in a directory" % w)
            entries.append(Entry(nm, data, kind, ti.linkname, ti.mode))
        _write_dir(out, entries, mtime)
        return

    if fmt in ("oci-archive", "docker25"):
        entries = _add_dirs(entries)
        entries.sort(key=_tree_sort_key)
        if fmt == "docker25" and g["manifest_first"]:
            entries.sort(key=lambda e: e.name != "manifest.json")
    for i, e in enumerate(outer):
        ti, data = make_entry(e, "outer_entries[%d]" % i, mtime,
                              base_dir=base_dir)
        ent = Entry(ti.name, data, "raw")
        ent.tarinfo = ti
        entries.append(ent)
    style = (SKOPEO_DOCKER_STYLE if fmt == "docker-archive-skopeo"
             else GO_ARCHIVE_STYLE)
    data = _outer_tar(entries, mtime, style)
    if trunc is not None:
        data = _cut(data, trunc)
    if os.path.isdir(out):
        raise SpecError("output %s is a directory; %s writes a file" %
                        (out, fmt))
    tmp = out + ".mkimage-tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, out)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


class _ArgParser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        print("mkimage: error: %s" % message, file=sys.stderr)
        sys.exit(1)


def main(argv=None):
    ap = _ArgParser(
        prog="mkimage.py",
        description="Build a test container image from a JSON spec "
                    "(see the module docstring for the spec format).")
    ap.add_argument("spec", help="spec JSON file, or - for stdin")
    ap.add_argument("output", help="output directory (oci-layout) or file")
    ap.add_argument("--format", choices=FORMATS)
    ap.add_argument("--compression", choices=COMPRESSIONS)
    args = ap.parse_args(argv)
    try:
        if args.spec == "-":
            spec = json.load(sys.stdin)
        else:
            with open(args.spec, encoding="utf-8") as f:
                spec = json.load(f)
    except (OSError, ValueError) as ex:
        print("mkimage: error: cannot read spec %s: %s" % (args.spec, ex),
              file=sys.stderr)
        return 1
    try:
        base_dir = (None if args.spec == "-" else
                    os.path.dirname(os.path.abspath(args.spec)))
        build(spec, args.output, args.format, args.compression, base_dir)
    except SpecError as ex:
        print("mkimage: error: %s" % ex, file=sys.stderr)
        return 1
    except OSError as ex:
        print("mkimage: error: cannot write %s: %s" % (args.output, ex),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
