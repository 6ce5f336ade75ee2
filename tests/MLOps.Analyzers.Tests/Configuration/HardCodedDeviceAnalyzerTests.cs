using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MLOps.Analyzers.Configuration.HardCodedDeviceAnalyzer>;

namespace MLOps.Analyzers.Tests.Configuration;

public sealed class HardCodedDeviceAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;
        using static TorchSharp.torch.nn.functional;

        """;

    // ---------- positives ----------

    [Fact]
    public async Task DeviceStringsPassedToTorchSharp_AreReported()
    {
        var source = Usings + """
            public static class Training
            {
                public static void Fit(Module<Tensor, Tensor> model, Tensor x)
                {
                    var device = torch.device({|#0:"cuda:0"|});
                    model.to(device);
                    var other = new Device({|#1:"cuda:1"|});
                    var onGpu = x.to({|#2:"cuda"|});
                    Console.WriteLine($"{other} {onGpu.shape[0]}");
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("MLOPS204").WithLocation(0).WithArguments("\"cuda:0\""),
            Verify.Diagnostic("MLOPS204").WithLocation(1).WithArguments("\"cuda:1\""),
            Verify.Diagnostic("MLOPS204").WithLocation(2).WithArguments("\"cuda\""));
    }

    [Fact]
    public async Task TorchCudaDeviceTypeAndCudaCalls_AreReported()
    {
        var source = Usings + """
            public sealed class Trainer
            {
                private static readonly Device Gpu = {|#0:torch.CUDA|};

                public Tensor Step(Module<Tensor, Tensor> model, Tensor x)
                {
                    {|#1:model.cuda()|};
                    var layer = Linear(784, 10, device: {|#2:torch.CUDA|});
                    var device = torch.device({|#3:DeviceType.CUDA|});
                    return layer.call({|#4:x.cuda()|}).to(device);
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic("MLOPS204").WithLocation(0).WithArguments("torch.CUDA"),
            Verify.Diagnostic("MLOPS204").WithLocation(1).WithArguments("model.cuda()"),
            Verify.Diagnostic("MLOPS204").WithLocation(2).WithArguments("torch.CUDA"),
            Verify.Diagnostic("MLOPS204").WithLocation(3).WithArguments("DeviceType.CUDA"),
            Verify.Diagnostic("MLOPS204").WithLocation(4).WithArguments("x.cuda()"));
    }

    [Fact]
    public async Task TorchScriptLoadedOntoAFixedGpu_IsReported()
    {
        var source = Usings + """
            public static class Serving
            {
                public static Tensor Predict(string path, Tensor x)
                {
                    var model = torch.jit.load<Tensor, Tensor>(path, {|#0:DeviceType.CUDA|});
                    return model.call(x);
                }
            }
            """;
        await Verify.VerifyAsync(source, Verify.Diagnostic("MLOPS204").WithLocation(0));
    }

    // ---------- negatives ----------

    [Fact]
    public async Task DeviceChosenAtRunTimeOrFromConfiguration_IsNotReported()
    {
        var source = Usings + """
            public sealed class Trainer
            {
                // The TorchSharpExamples idiom: a field initialised with a conditional on the availability check.
                private static readonly Device Device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;

                private readonly Device _configured;

                public Trainer(string configuredDevice) => _configured = torch.device(configuredDevice);

                public void Fit(Module<Tensor, Tensor> model, Tensor x)
                {
                    model.to(Device);
                    x.to(_configured);
                }

                public void GuardedInTheSameMethod(Module<Tensor, Tensor> model)
                {
                    if (!torch.cuda.is_available())
                    {
                        throw new InvalidOperationException("This trainer needs a CUDA GPU.");
                    }

                    model.cuda();
                }

                public void TorchSharpIdiom(Module<Tensor, Tensor> model)
                {
                    var device = torch.cuda_is_available() ? torch.CUDA : torch.CPU;
                    model.to(device);
                }

                public void TryInitialize(Module<Tensor, Tensor> model)
                {
                    if (torch.TryInitializeDeviceType(DeviceType.CUDA))
                    {
                        model.to(DeviceType.CUDA);
                    }
                }

                public void FromAFlag(Module<Tensor, Tensor> model, bool useGpu, string name)
                {
                    model.to(useGpu ? torch.CUDA : torch.CPU);
                    var device = name switch
                    {
                        "gpu" => torch.device("cuda:0"),
                        _ => torch.CPU,
                    };
                    model.to(device);
                    model.to(torch.device(Environment.GetEnvironmentVariable("TRAINING_DEVICE") ?? "cuda"));
                    if (useGpu)
                    {
                        model.cuda();
                    }
                }

                public static void Inspect(Tensor x)
                {
                    // Comparisons and strings that are not TorchSharp arguments pin nothing.
                    if (x.device_type == DeviceType.CUDA || x.device == torch.CUDA)
                    {
                        Console.WriteLine("cuda");
                    }

                    var label = "cuda:0";
                    Console.WriteLine(label + torch.CPU);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task WithoutTorchSharp_NothingIsReported()
    {
        var source = """
            public static class Device
            {
                public static string Pick() => Use("cuda:0");

                private static string Use(string device) => device;
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Theory]
    [InlineData("cuda", true)]
    [InlineData("cuda:0", true)]
    [InlineData("cuda:12", true)]
    [InlineData("cuda:", false)]
    [InlineData("cuda:x", false)]
    [InlineData("cudax", false)]
    [InlineData("CUDA:1", true)]
    [InlineData("cpu", false)]
    public void DeviceStringGrammar(string text, bool expected)
        => Assert.Equal(expected, MLOps.Analyzers.Configuration.HardCodedDeviceAnalyzer.IsCudaDeviceString(text));
}
