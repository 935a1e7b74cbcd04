using System.Runtime.InteropServices;

namespace Engage.LocalRunner.Azurite;

/// <summary>POSIX signals for child processes: .NET's Process.Kill only sends SIGKILL.</summary>
internal static partial class Signals
{
    private const int SigInt = 2;

    /// <summary>Sends SIGINT to <paramref name="pid"/>; false if it could not be sent.</summary>
    public static bool Interrupt(int pid) => kill(pid, SigInt) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
