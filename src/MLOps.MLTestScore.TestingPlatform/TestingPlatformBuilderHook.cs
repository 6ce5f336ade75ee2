using System;
using Microsoft.Testing.Platform.Builder;
using Microsoft.Testing.Platform.Extensions;
using Microsoft.Testing.Platform.Services;

namespace MLOps.MLTestScore.TestingPlatform;

/// <summary>
/// Called by the entry point Microsoft.Testing.Platform generates for a test app, because the package's
/// targets add a <c>TestingPlatformBuilderHook</c> item naming this type (the way
/// Microsoft.Testing.Extensions.TrxReport registers itself).
/// </summary>
public static class TestingPlatformBuilderHook
{
    /// <summary>Registers the ML Test Score extension as a data consumer and a test session lifetime handler of the test host.</summary>
    public static void AddExtensions(ITestApplicationBuilder testApplicationBuilder, string[] arguments)
    {
        if (testApplicationBuilder is null)
        {
            throw new ArgumentNullException(nameof(testApplicationBuilder));
        }

        // One instance both collects the results and scores them when the session finishes.
        var factory = new CompositeExtensionFactory<MLTestScoreExtension>(services => new MLTestScoreExtension(services.GetOutputDevice(), services.GetMessageBus()));
        testApplicationBuilder.TestHost.AddDataConsumer(factory);
        testApplicationBuilder.TestHost.AddTestSessionLifetimeHandler(factory);
    }
}
