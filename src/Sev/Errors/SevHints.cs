using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Errors;

/// <summary>What a firmware status usually means for the command that got it, and what to do.</summary>
public static class SevHints
{
    public static string? For(SevStatus status, SevCommand command) => (command, status) switch
    {
        (SevCommand.LaunchStart, SevStatus.InvalidLength) =>
            "dh-cert-file must decode to 2084 bytes (godh.cert) and session-file to 128 (launch_blob.bin), both base64",
        (SevCommand.LaunchStart, SevStatus.InvalidCertificate) =>
            "dh-cert-file must hold the guest owner's P-384 ECDH certificate (usage PDH), with session-file beside it",
        (SevCommand.LaunchStart, SevStatus.BadSignature) => "the guest owner's certificate carries a signature that does not verify: make a new session",
        (SevCommand.LaunchStart, SevStatus.BadMeasurement) =>
            "the session was made for another platform (PDH), with another DH certificate, or for another policy (its POLICY_MAC covers the policy): make the session with this platform's PDH and the policy given here",
        (SevCommand.LaunchStart, SevStatus.PolicyFailure) =>
            "the policy asks what the platform refuses: reserved bits 6-15, a minimum API version above the platform's, SEV-ES, or key sharing with handle=",
        (SevCommand.LaunchStart, SevStatus.ResourceLimit) => "the platform has no room for another guest",
        (SevCommand.LaunchStart, SevStatus.InvalidGuest) => "handle= names no existing guest (0 starts a new one)",
        (SevCommand.LaunchUpdateData, SevStatus.InvalidLength) => "LAUNCH_UPDATE_DATA takes a non-empty multiple of 16 bytes",
        (SevCommand.LaunchUpdateData, SevStatus.InvalidAddress) => "LAUNCH_UPDATE_DATA takes a 16-byte aligned address",
        (SevCommand.LaunchSecret, SevStatus.BadMeasurement) =>
            "the packet was made for another measurement, with other keys (TEK/TIK), or its header or secret was altered: build it from this launch's measurement with the session's keys",
        (SevCommand.LaunchSecret, SevStatus.InvalidLength) =>
            "the packet header is 52 bytes and the secret a non-empty multiple of 16 bytes",
        (SevCommand.LaunchSecret, SevStatus.InvalidAddress) => "the secret's guest address must be 16-byte aligned",
        (SevCommand.LaunchSecret, SevStatus.InvalidParameter) => "the packet header's FLAGS has bits other than bit 0 (COMPRESSED) set",
        (SevCommand.LaunchSecret, SevStatus.Unsupported) => "the platform does not take compressed secrets (FLAGS bit 0)",
        (_, SevStatus.InvalidGuestState) => "the guest is not in the state this command needs (launch-update, then launch-secret, then running)",
        (_, SevStatus.InvalidGuest) => "no guest has this handle on the platform",
        _ => null,
    };
}

/// <summary>The firmware commands a hint can be about.</summary>
public enum SevCommand
{
    PlatformStatus,
    PdhCertExport,
    LaunchStart,
    LaunchUpdateData,
    LaunchMeasure,
    LaunchSecret,
    LaunchFinish,
    GuestStatus,
}
