# An independent implementation of the SEV launch formulas (AMD pub. 55766; sev-tool; virtee/sev),
# on python3-cryptography (OpenSSL), used by the C# tests to recompute what qcrypto produced.
# Input: a JSON list of operations on stdin; output: a JSON list of results.
import sys, json, struct, hmac, hashlib
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.exceptions import InvalidSignature

def kdf(key, label, context, length):
    out, i = b"", 1
    while len(out) < length:
        out += hmac.new(key, struct.pack("<I", i) + label + b"\0" + context + struct.pack("<I", length * 8), hashlib.sha256).digest()
        i += 1
    return out[:length]

def ctr(key, iv, data):
    c = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return c.update(data) + c.finalize()

def le(b):
    return int.from_bytes(b, "little")

def cert_point(cert):
    # PUBKEY: CURVE u32 @0x10 (2 = P-384), QX[72] @0x14, QY[72] @0x5C, little-endian.
    assert struct.unpack_from("<I", cert, 0x10)[0] == 2
    return ec.EllipticCurvePublicNumbers(le(cert[0x14:0x14 + 48]), le(cert[0x5C:0x5C + 48]), ec.SECP384R1()).public_key()

def verify_ecdsa(cert, slot, signer_cert):
    off = 0x41C if slot == 1 else 0x624
    r, s = le(cert[off:off + 72]), le(cert[off + 72:off + 144])
    try:
        cert_point(signer_cert).verify(utils.encode_dss_signature(r, s), cert[:0x414], ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False

def verify_rsa(cert, slot, public_der):
    off = 0x41C if slot == 1 else 0x624
    key = serialization.load_der_public_key(public_der)
    n = key.key_size // 8
    sig = cert[off:off + n][::-1]
    try:
        key.verify(sig, cert[:0x414], padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
        return True
    except InvalidSignature:
        return False

def unwrap(op):
    pdh = serialization.load_der_private_key(bytes.fromhex(op["pdh_key"]), None)
    godh = bytes.fromhex(op["godh"])
    session = bytes.fromhex(op["session"])
    z = pdh.exchange(ec.ECDH(), cert_point(godh))
    nonce, wrap_tk, wrap_iv, wrap_mac, policy_mac = session[0:16], session[16:48], session[48:64], session[64:96], session[96:128]
    master = kdf(z, b"sev-master-secret", nonce, 16)
    kek, kik = kdf(master, b"sev-kek", b"", 16), kdf(master, b"sev-kik", b"", 16)
    if not hmac.compare_digest(hmac.new(kik, wrap_tk, hashlib.sha256).digest(), wrap_mac):
        return {"error": "wrap_mac"}
    tk = ctr(kek, wrap_iv, wrap_tk)
    if not hmac.compare_digest(hmac.new(tk[16:], struct.pack("<I", op["policy"]), hashlib.sha256).digest(), policy_mac):
        return {"error": "policy_mac"}
    return {"tk": tk.hex(), "godh_self_signed": verify_ecdsa(godh, 1, godh)}

def measure(op):
    tik = bytes.fromhex(op["tik"])
    digest = hashlib.sha256(bytes.fromhex(op["firmware"])).digest() if "firmware" in op else bytes.fromhex(op["digest"])
    data = bytes([4, op["api_major"], op["api_minor"], op["build"]]) + struct.pack("<I", op["policy"]) + digest + bytes.fromhex(op["mnonce"])
    return {"measure": hmac.new(tik, data, hashlib.sha256).hexdigest(), "digest": digest.hex()}

def secret(op):
    tek, tik = bytes.fromhex(op["tek"]), bytes.fromhex(op["tik"])
    header, ct, m = bytes.fromhex(op["header"]), bytes.fromhex(op["ciphertext"]), bytes.fromhex(op["measure"])
    flags, iv, mac = struct.unpack_from("<I", header, 0)[0], header[4:20], header[20:52]
    msg = b"\x01" + struct.pack("<I", flags) + iv + struct.pack("<II", len(ct), len(ct)) + ct + m
    ok = hmac.compare_digest(hmac.new(tik, msg, hashlib.sha256).digest(), mac)
    return {"mac_ok": ok, "plaintext": ctr(tek, iv, ct).hex()}

def chain(op):
    pdh, pek, oca, cek = (bytes.fromhex(op[k]) for k in ("pdh", "pek", "oca", "cek"))
    return {
        "pdh_by_pek": verify_ecdsa(pdh, 1, pek),
        "pek_by_oca": verify_ecdsa(pek, 1, oca),
        "pek_by_cek": verify_ecdsa(pek, 2, cek),
        "oca_self": verify_ecdsa(oca, 1, oca),
        "cek_by_ask": verify_rsa(cek, 1, bytes.fromhex(op["ask_public"])) if "ask_public" in op else None,
    }

def guid_le(text):
    import uuid
    return uuid.UUID(text).bytes_le

def hashtable(op):
    # QEMU's SevHashTable / sevctl: header GUID, u16 168, then cmdline (with NUL), initrd, kernel entries; padded to 176.
    entry = lambda g, data: guid_le(g) + struct.pack("<H", 50) + hashlib.sha256(data).digest()
    body = (entry("97d02dd8-bd20-4c94-aa78-e7714d36ab2a", bytes.fromhex(op["cmdline"]) + b"\0")
            + entry("44baf731-3a2f-4bd7-9af1-41e29169781d", bytes.fromhex(op["initrd"]))
            + entry("4de79437-abd2-427f-b835-d5b172d2045b", bytes.fromhex(op["kernel"])))
    table = guid_le("9438d606-4f22-4cc9-b479-a793d411fd21") + struct.pack("<H", 18 + len(body)) + body
    return {"table": (table + b"\0" * (-len(table) % 16)).hex()}

ops = {"hashtable": hashtable, "unwrap": unwrap, "measure": measure, "secret": secret, "chain": chain}
json.dump([ops[op["op"]](op) for op in json.load(sys.stdin)], sys.stdout)
