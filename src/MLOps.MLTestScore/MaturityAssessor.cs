using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using MLOps.MLTestScore.Reading;

namespace MLOps.MLTestScore;

/// <summary>
/// Google Cloud MLOps levels 0-2 and Azure MLOps maturity levels 0-4, each claim backed by named
/// evidence: automated rubric items (tagged tests that ran and passed), CI detected in the
/// environment, CI definitions found under the repository root, and repository facts (data versioned,
/// experiment tracking configured, dependencies locked: <see cref="RepositoryEvidence"/>). Criteria are in
/// rules/ml-test-score.md.
/// </summary>
internal static class MaturityAssessor
{
    internal static readonly string[] GoogleLevel1 = { "Data.1", "Infra.1", "Infra.3", "Infra.4" };
    internal static readonly string[] GoogleLevel2 = { "Infra.2", "Infra.6", "Infra.7", "Monitor.2", "Monitor.7" };
    internal static readonly string[] AzureLevel2 = { "Infra.1", "Infra.3" };
    internal static readonly string[] AzureLevel3 = { "Infra.2", "Infra.4", "Infra.6", "Infra.7" };
    internal static readonly string[] AzureLevel4 = { "Monitor.3", "Monitor.4", "Monitor.7" };

    private static readonly string[] GoogleNames = { "Manual process", "ML pipeline automation", "CI/CD pipeline automation" };
    private static readonly string[] AzureNames = { "No MLOps", "DevOps but no MLOps", "Automated training", "Automated model deployment", "Full MLOps automated retraining" };

    private static readonly string[] CiVariables =
    {
        "GITHUB_ACTIONS", "TF_BUILD", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "CIRCLECI", "TEAMCITY_VERSION", "APPVEYOR", "TRAVIS", "BITBUCKET_BUILD_NUMBER", "CI",
    };

    private static readonly string[] CiFiles =
    {
        "azure-pipelines.yml", "azure-pipelines.yaml", ".gitlab-ci.yml", "Jenkinsfile", ".circleci/config.yml", "bitbucket-pipelines.yml",
        ".buildkite/pipeline.yml", "appveyor.yml", ".travis.yml",
    };

    private static readonly string[] CiFolders = { ".github/workflows", ".azure-pipelines", ".pipelines" };

    public static MaturityReport Assess(ScoreReport report, TestStore store, ScoreOptions options, List<ScoreDiagnostic> diagnostics)
    {
        var automated = new Dictionary<string, ItemReport>(StringComparer.Ordinal);
        foreach (var section in report.Sections)
        {
            foreach (var item in section.Items)
            {
                if (item.Status == ItemStatus.Automated)
                {
                    automated[item.Id] = item;
                }
            }
        }

        var ci = DetectCi(options);
        var repo = RepositoryEvidence.Read(options.RepositoryRoot);
        var passingTests = 0;
        foreach (var test in store.Tests)
        {
            if (test.Passed > 0 && test.Failed == 0)
            {
                passingTests++;
            }
        }

        return new MaturityReport
        {
            Google = Google(automated, ci, repo),
            Azure = Azure(automated, ci, passingTests, repo),
        };
    }

    internal const string MissingDataVersioning =
        "data versioning: no .dvc/, dvc.yaml, dvc.lock or *.dvc file and no git LFS rule for data or model files in .gitattributes under the repository root";

    internal const string MissingExperimentTracking =
        "experiment tracking or model registry: no MLproject, no mlruns/ and no mlflow in requirements.txt, pyproject.toml, setup.cfg, conda.yaml or environment.yml at the repository root";

    internal const string MissingLockedDependencies =
        "locked dependencies: no packages.lock.json and no RestorePackagesWithLockFile=true in Directory.Build.props, Directory.Packages.props or a project under the repository root";

    private static void RepositoryGate(RepositoryEvidence repo, List<string> found, string prefix, string missingText, List<string> missing, List<string> evidence)
    {
        if (found.Count == 0)
        {
            missing.Add(missingText + (!repo.RootRead ? " (no readable repository root given)"
                : repo.Truncated ? " (the search stopped after " + RepositoryEvidence.MaxEntries.ToString(CultureInfo.InvariantCulture) + " entries)" : string.Empty));
            return;
        }

        foreach (var fact in found)
        {
            evidence.Add(prefix + fact);
        }
    }

    private static MaturityAssessment Google(Dictionary<string, ItemReport> automated, List<string> ci, RepositoryEvidence repo)
    {
        var evidence = new List<string>();
        var level = 0;
        List<string> missing;
        evidence.Add("Level 0 needs no evidence.");

        missing = MissingItems(automated, GoogleLevel1);
        if (missing.Count == 0)
        {
            level = 1;
            AddItemEvidence(automated, GoogleLevel1, evidence);
            missing = MissingItems(automated, GoogleLevel2);
            if (ci.Count == 0)
            {
                missing.Insert(0, "CI: no CI environment variable and no CI definition file found");
            }

            // Level 2 names a model registry and ML metadata store, and an automated build: file facts for both.
            var repoEvidence = new List<string>();
            RepositoryGate(repo, repo.ExperimentTracking, "experiment tracking: ", MissingExperimentTracking, missing, repoEvidence);
            RepositoryGate(repo, repo.LockedDependencies, "dependencies locked: ", MissingLockedDependencies, missing, repoEvidence);
            if (missing.Count == 0)
            {
                level = 2;
                evidence.AddRange(ci);
                AddItemEvidence(automated, GoogleLevel2, evidence);
                evidence.AddRange(repoEvidence);
                AddSdkPin(repo, evidence);
            }
        }

        return new MaturityAssessment
        {
            Model = "Google Cloud MLOps levels",
            Level = level,
            MaxLevel = 2,
            LevelName = GoogleNames[level],
            Evidence = evidence,
            MissingForNextLevel = level == 2 ? new List<string>() : missing,
        };
    }

    private static void AddSdkPin(RepositoryEvidence repo, List<string> evidence)
    {
        if (repo.SdkPin != null)
        {
            evidence.Add("SDK pinned: " + repo.SdkPin);
        }
    }

    private static MaturityAssessment Azure(Dictionary<string, ItemReport> automated, List<string> ci, int passingTests, RepositoryEvidence repo)
    {
        var evidence = new List<string> { "Level 0 needs no evidence." };
        var level = 0;
        var missing = new List<string>();

        if (ci.Count == 0)
        {
            missing.Add("CI: no CI environment variable and no CI definition file found");
        }

        if (passingTests == 0)
        {
            missing.Add("automated tests: no passing test in the result files");
        }

        if (missing.Count == 0)
        {
            level = 1;
            evidence.AddRange(ci);
            evidence.Add(passingTests.ToString(CultureInfo.InvariantCulture) + " passing test(s) in the result files");
            var steps = new[] { AzureLevel2, AzureLevel3, AzureLevel4 };
            foreach (var required in steps)
            {
                missing = MissingItems(automated, required);
                var repoEvidence = new List<string>();
                if (level == 1)
                {
                    // Level 2, automated training: experiment results tracked, training data and models versioned.
                    RepositoryGate(repo, repo.DataVersioning, "data versioned: ", MissingDataVersioning, missing, repoEvidence);
                    RepositoryGate(repo, repo.ExperimentTracking, "experiment tracking: ", MissingExperimentTracking, missing, repoEvidence);
                }
                else if (level == 2)
                {
                    // Level 3, models released by the CI/CD pipeline: a release is reproducible only from a locked graph.
                    RepositoryGate(repo, repo.LockedDependencies, "dependencies locked: ", MissingLockedDependencies, missing, repoEvidence);
                }

                if (missing.Count > 0)
                {
                    break;
                }

                level++;
                AddItemEvidence(automated, required, evidence);
                evidence.AddRange(repoEvidence);
                if (level == 3)
                {
                    AddSdkPin(repo, evidence);
                }
            }
        }

        return new MaturityAssessment
        {
            Model = "Azure MLOps maturity model",
            Level = level,
            MaxLevel = 4,
            LevelName = AzureNames[level],
            Evidence = evidence,
            MissingForNextLevel = level == 4 ? new List<string>() : missing,
        };
    }

    private static List<string> MissingItems(Dictionary<string, ItemReport> automated, string[] required)
    {
        var missing = new List<string>();
        foreach (var id in required)
        {
            if (!automated.ContainsKey(id))
            {
                missing.Add(id + " (" + (RubricCatalog.Find(id)?.Title ?? id) + ") automated: a tagged test that runs and passes");
            }
        }

        return missing;
    }

    private static void AddItemEvidence(Dictionary<string, ItemReport> automated, string[] ids, List<string> evidence)
    {
        foreach (var id in ids)
        {
            var item = automated[id];
            var names = new List<string>();
            foreach (var t in item.Tests)
            {
                if (t.Outcome == "Passed" && names.Count < 3)
                {
                    names.Add(t.Name);
                }
            }

            evidence.Add(id + " (" + item.Title + ") automated: " + string.Join(", ", names));
        }
    }

    internal static List<string> DetectCi(ScoreOptions options)
    {
        var found = new List<string>();
        foreach (var name in CiVariables)
        {
            if (options.Environment.TryGetValue(name, out var value) && IsSet(name, value))
            {
                found.Add("CI environment: " + name + " is set");
                break;
            }
        }

        var root = options.RepositoryRoot;
        if (string.IsNullOrWhiteSpace(root))
        {
            return found;
        }

        try
        {
            if (!Directory.Exists(root))
            {
                return found;
            }

            foreach (var file in CiFiles)
            {
                if (File.Exists(Path.Combine(root, file)))
                {
                    found.Add("CI definition: " + file);
                }
            }

            foreach (var folder in CiFolders)
            {
                var dir = Path.Combine(root, folder);
                if (!Directory.Exists(dir))
                {
                    continue;
                }

                var files = new List<string>();
                files.AddRange(Directory.GetFiles(dir, "*.yml"));
                files.AddRange(Directory.GetFiles(dir, "*.yaml"));
                files.Sort(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    found.Add("CI definition: " + folder + "/" + Path.GetFileName(file));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // An unreadable repository root simply gives no file evidence.
        }

        return found;
    }

    private static bool IsSet(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (name is "CI" or "GITHUB_ACTIONS" or "TF_BUILD" or "GITLAB_CI" or "CIRCLECI" or "TRAVIS" or "APPVEYOR" or "BUILDKITE")
        {
            var v = value!.Trim();
            return !(v.Equals("false", StringComparison.OrdinalIgnoreCase) || v == "0" || v.Equals("no", StringComparison.OrdinalIgnoreCase));
        }

        return true;
    }
}
