using System.Globalization;
using System.Security;
using System.Text;

namespace MLOps.Analyzers.Benchmarks.Engine;

/// <summary>
/// Writes the result files of a large sharded CI run, in the shapes the real runners write (see
/// tests/fixtures): classic VSTest TRX (no tags), Microsoft.Testing.Platform
/// TRX (tags as properties) and JUnit XML (JunitXml.TestLogger: tags as properties). One test in
/// fifty carries a rubric tag, one in two hundred fails and one in five hundred is skipped.
/// </summary>
internal static class ResultFileGenerator
{
    private static readonly string[] RubricIds =
    {
        "Data.1", "Data.2", "Data.3", "Data.4", "Data.5", "Data.6", "Data.7",
        "Model.1", "Model.2", "Model.3", "Model.4", "Model.5", "Model.6", "Model.7",
        "Infra.1", "Infra.2", "Infra.3", "Infra.4", "Infra.5", "Infra.6", "Infra.7",
        "Monitor.1", "Monitor.2", "Monitor.3", "Monitor.4", "Monitor.5", "Monitor.6", "Monitor.7",
    };

    /// <summary>Writes <paramref name="files"/> files with <paramref name="resultsPerFile"/> results each; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, int files, int resultsPerFile)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        for (var shard = 0; shard < files; shard++)
        {
            var (extension, writer) = (shard % 5) switch
            {
                0 or 1 => (".trx", (Func<int, int, string>)VsTestTrx),
                2 or 3 => (".mtp.trx", MtpTrx),
                _ => (".junit.xml", JUnit),
            };
            var path = Path.Combine(directory, $"shard-{shard:D2}{extension}");
            File.WriteAllText(path, writer(shard, resultsPerFile), new UTF8Encoding(false));
            paths.Add(path);
        }

        return paths;
    }

    private readonly record struct Case(string ClassName, string Method, string Outcome, string? Tag, int Index);

    private static IEnumerable<Case> Cases(int shard, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var global = shard * count + i;
            var className = $"Contoso.Platform.Tests.Shard{shard:D2}.Feature{i / 40:D3}Tests";
            var method = i % 7 == 0 ? $"Quantile_IsStable(quantile: {i % 100 / 100.0:0.00})" : $"Case{i:D5}_BehavesAsSpecified";
            var outcome = global % 200 == 17 ? "Failed" : global % 500 == 3 ? "NotExecuted" : "Passed";
            var tag = global % 50 == 0 ? RubricIds[global / 50 % RubricIds.Length] : null;
            yield return new Case(className, method, outcome, tag, i);
        }
    }

    private static string Guid(int shard, int index, int salt)
        => new System.Guid(shard * 1_000_003 + salt, (short)(index >> 16), (short)index, 1, 2, 3, 4, 5, 6, 7, 8).ToString();

    private static string Header(int shard) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="{Guid(shard, 0, 9)}" name="ci@agent-{shard} 2026-11-30 10:00:00" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Times creation="2026-11-30T10:00:00.0000000+00:00" queuing="2026-11-30T10:00:00.0000000+00:00" start="2026-11-30T10:00:00.0000000+00:00" finish="2026-11-30T10:05:00.0000000+00:00" />
        """;

    private static string VsTestTrx(int shard, int count) => Trx(shard, count, withProperties: false);

    private static string MtpTrx(int shard, int count) => Trx(shard, count, withProperties: true);

    private static string Trx(int shard, int count, bool withProperties)
    {
        var cases = Cases(shard, count).ToList();
        var builder = new StringBuilder(count * 900);
        builder.AppendLine(Header(shard));
        builder.AppendLine("  <Results>");
        foreach (var c in cases)
        {
            var name = SecurityElement.Escape($"{c.ClassName}.{c.Method}");
            builder.Append("    <UnitTestResult executionId=\"").Append(Guid(shard, c.Index, 1)).Append("\" testId=\"").Append(Guid(shard, c.Index, 2))
                .Append("\" testName=\"").Append(name).Append("\" computerName=\"agent-").Append(shard.ToString(CultureInfo.InvariantCulture))
                .Append("\" duration=\"00:00:00.0").Append((c.Index % 9000 + 1000).ToString(CultureInfo.InvariantCulture))
                .Append("\" startTime=\"2026-11-30T10:00:01.0000000+00:00\" endTime=\"2026-11-30T10:00:01.0100000+00:00\" testType=\"13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b\" outcome=\"")
                .Append(c.Outcome).Append("\" testListId=\"8c84fa94-04c1-424b-9868-57a2d4851a1d\" relativeResultsDirectory=\"").Append(Guid(shard, c.Index, 1)).Append('"');
            if (c.Outcome == "Failed")
            {
                builder.AppendLine(">")
                    .AppendLine("      <Output>")
                    .AppendLine("        <ErrorInfo>")
                    .Append("          <Message>Expected RMSE below 0.35 but was 0.41 on slice ").Append(c.Index.ToString(CultureInfo.InvariantCulture)).AppendLine("</Message>")
                    .Append("          <StackTrace>   at ").Append(SecurityElement.Escape(c.ClassName)).Append('.').Append(SecurityElement.Escape(c.Method)).AppendLine("</StackTrace>")
                    .AppendLine("        </ErrorInfo>")
                    .AppendLine("      </Output>")
                    .AppendLine("    </UnitTestResult>");
            }
            else
            {
                builder.AppendLine(" />");
            }
        }

        builder.AppendLine("  </Results>");
        builder.AppendLine("  <TestDefinitions>");
        foreach (var c in cases)
        {
            var methodName = c.Method.Split('(')[0];
            builder.Append("    <UnitTest name=\"").Append(SecurityElement.Escape($"{c.ClassName}.{c.Method}")).Append("\" storage=\"/agent/work/tests/bin/release/net10.0/contoso.platform.tests.dll\" id=\"")
                .Append(Guid(shard, c.Index, 2)).AppendLine("\">")
                .Append("      <Execution id=\"").Append(Guid(shard, c.Index, 1)).AppendLine("\" />");
            if (withProperties && c.Tag is not null)
            {
                builder.AppendLine("      <Properties>")
                    .AppendLine("        <Property>")
                    .AppendLine("          <Key>MLTestScore</Key>")
                    .Append("          <Value>").Append(c.Tag).AppendLine("</Value>")
                    .AppendLine("        </Property>")
                    .AppendLine("      </Properties>");
            }

            builder.Append("      <TestMethod codeBase=\"/agent/work/tests/bin/Release/net10.0/Contoso.Platform.Tests.dll\" adapterTypeName=\"executor://xunit/VsTestRunner2/netcoreapp\" className=\"")
                .Append(c.ClassName).Append("\" name=\"").Append(SecurityElement.Escape(methodName)).AppendLine("\" />")
                .AppendLine("    </UnitTest>");
        }

        builder.AppendLine("  </TestDefinitions>");
        builder.AppendLine("  <TestEntries>");
        foreach (var c in cases)
        {
            builder.Append("    <TestEntry testId=\"").Append(Guid(shard, c.Index, 2)).Append("\" executionId=\"").Append(Guid(shard, c.Index, 1))
                .AppendLine("\" testListId=\"8c84fa94-04c1-424b-9868-57a2d4851a1d\" />");
        }

        builder.AppendLine("  </TestEntries>");
        var failed = cases.Count(c => c.Outcome == "Failed");
        var skipped = cases.Count(c => c.Outcome == "NotExecuted");
        builder.Append("  <ResultSummary outcome=\"").Append(failed > 0 ? "Failed" : "Completed").AppendLine("\">")
            .Append("    <Counters total=\"").Append(count).Append("\" executed=\"").Append(count - skipped).Append("\" passed=\"").Append(count - skipped - failed)
            .Append("\" failed=\"").Append(failed).Append("\" error=\"0\" timeout=\"0\" aborted=\"0\" inconclusive=\"0\" passedButRunAborted=\"0\" notRunnable=\"0\" notExecuted=\"")
            .Append(skipped).AppendLine("\" disconnected=\"0\" warning=\"0\" completed=\"0\" inProgress=\"0\" pending=\"0\" />")
            .AppendLine("  </ResultSummary>")
            .AppendLine("</TestRun>");
        return builder.ToString();
    }

    private static string JUnit(int shard, int count)
    {
        var cases = Cases(shard, count).ToList();
        var builder = new StringBuilder(count * 300);
        builder.AppendLine("<testsuites>");
        builder.Append("  <testsuite name=\"Contoso.Platform.Tests.dll\" tests=\"").Append(count).Append("\" skipped=\"").Append(cases.Count(c => c.Outcome == "NotExecuted"))
            .Append("\" failures=\"").Append(cases.Count(c => c.Outcome == "Failed")).AppendLine("\" errors=\"0\" time=\"300.0\" timestamp=\"2026-11-30T10:00:00\" hostname=\"agent\" id=\"0\" package=\"Contoso.Platform.Tests.dll\">")
            .AppendLine("    <properties />");
        foreach (var c in cases)
        {
            builder.Append("    <testcase classname=\"").Append(c.ClassName).Append("\" name=\"").Append(SecurityElement.Escape(c.Method)).Append("\" time=\"0.0")
                .Append((c.Index % 9000 + 1000).ToString(CultureInfo.InvariantCulture)).AppendLine("\">");
            if (c.Tag is not null)
            {
                builder.AppendLine("      <properties>")
                    .Append("        <property name=\"MLTestScore\" value=\"").Append(c.Tag).AppendLine("\" />")
                    .AppendLine("      </properties>");
            }

            if (c.Outcome == "Failed")
            {
                builder.AppendLine("      <failure type=\"failure\" message=\"Expected RMSE below 0.35 but was 0.41\">   at Contoso.Platform.Tests</failure>");
            }
            else if (c.Outcome == "NotExecuted")
            {
                builder.AppendLine("      <skipped>needs the GPU pool</skipped>");
            }

            builder.AppendLine("    </testcase>");
        }

        builder.AppendLine("  </testsuite>");
        builder.AppendLine("</testsuites>");
        return builder.ToString();
    }
}
