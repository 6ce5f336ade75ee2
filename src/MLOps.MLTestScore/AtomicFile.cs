using System;
using System.IO;
using System.Text;

namespace MLOps.MLTestScore;

/// <summary>
/// The one way the engine writes a file that another process may be reading (reports, the run's JUnit
/// file, the run's errors): into a temporary file in the same folder, then moved over the target, so a
/// reader sees the old file or the new one, never half of one.
/// </summary>
internal static class AtomicFile
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="content"/> as UTF-8 without a byte order mark.</summary>
    public static void WriteAllText(string path, string content)
        => Write(path, stream =>
        {
            var bytes = Utf8.GetBytes(content);
            stream.Write(bytes, 0, bytes.Length);
        });

    /// <summary>Lets <paramref name="write"/> fill the temporary file, then replaces <paramref name="path"/> with it.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
            }

            if (File.Exists(full))
            {
                File.Replace(temp, full, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temp, full);
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
