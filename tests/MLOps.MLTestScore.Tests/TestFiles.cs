using System.Text;

namespace MLOps.MLTestScore.Tests;

/// <summary>A temporary directory with helpers to write input files; deleted on dispose.</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "mlts-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Write(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string FixturePath(params string[] parts) =>
        Path.Combine(new[] { AppContext.BaseDirectory, "Fixtures" }.Concat(parts).ToArray());

    /// <summary>A JUnit file: one testcase per (class.method, outcome, rubric ids...).</summary>
    public static string JUnit(params (string Test, string Outcome, string[] Ids)[] cases)
    {
        var sb = new StringBuilder("<testsuites>\n  <testsuite name=\"s\">\n");
        foreach (var (test, outcome, ids) in cases)
        {
            var dot = test.LastIndexOf('.');
            sb.Append("    <testcase classname=\"").Append(test[..dot]).Append("\" name=\"").Append(test[(dot + 1)..]).Append("\">\n");
            if (outcome == "fail")
            {
                sb.Append("      <failure message=\"boom\"/>\n");
            }
            else if (outcome == "skip")
            {
                sb.Append("      <skipped/>\n");
            }

            if (ids.Length > 0)
            {
                sb.Append("      <properties>\n");
                foreach (var id in ids)
                {
                    sb.Append("        <property name=\"MLTestScore\" value=\"").Append(id).Append("\"/>\n");
                }

                sb.Append("      </properties>\n");
            }

            sb.Append("    </testcase>\n");
        }

        return sb.Append("  </testsuite>\n</testsuites>\n").ToString();
    }

    public static ScoreResult Score(Action<ScoreOptions> configure)
    {
        var options = new ScoreOptions { Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) };
        configure(options);
        return ScoreEngine.Compute(options);
    }

    public static ItemReport Item(ScoreReport report, string id)
    {
        foreach (var s in report.Sections)
        {
            foreach (var i in s.Items)
            {
                if (i.Id == id)
                {
                    return i;
                }
            }
        }

        throw new InvalidOperationException("no item " + id);
    }

    public static double Section(ScoreReport report, string name) => report.Sections.Single(s => s.Name == name).Score;
}
