using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics.Features;

// The kernel binds a directive's parameters to these types by name (--some-value → SomeValue). The handler forwards
// the line's own words to `mlnb features SUBCOMMAND` (DirectiveText), so repeatable options keep every value.
#pragma warning disable CS1591 // bound by the kernel; documented by the directive declarations in FeaturesMagic

/// <summary><c>#!features</c> alone.</summary>
public sealed class FeaturesCommand : KernelDirectiveCommand { }

/// <summary><c>#!features apply [--repo PATH]</c>.</summary>
public sealed class FeaturesApplyCommand : KernelDirectiveCommand
{
    public string? Repo { get; set; }
}

/// <summary><c>#!features materialize START END [--views A,B] [--repo PATH]</c>.</summary>
public sealed class FeaturesMaterializeCommand : KernelDirectiveCommand
{
    public string? Window { get; set; }
    public string? Views { get; set; }
    public string? Repo { get; set; }
}

/// <summary><c>#!features materialize-incremental END [--repo PATH]</c>.</summary>
public sealed class FeaturesMaterializeIncrementalCommand : KernelDirectiveCommand
{
    public string? End { get; set; }
    public string? Repo { get; set; }
}

/// <summary><c>#!features get-online --features REFS --entity KEY=V1,V2 [--full-feature-names] [--repo PATH]</c>.</summary>
public sealed class FeaturesGetOnlineCommand : KernelDirectiveCommand
{
    public string? Features { get; set; }
    public string? Entity { get; set; }
    public bool FullFeatureNames { get; set; }
    public string? Repo { get; set; }
}

/// <summary><c>#!features get-historical --entities FILE --features REFS --output FILE [--full-feature-names] [--repo PATH]</c>.</summary>
public sealed class FeaturesGetHistoricalCommand : KernelDirectiveCommand
{
    public string? Entities { get; set; }
    public string? Features { get; set; }
    public string? Output { get; set; }
    public bool FullFeatureNames { get; set; }
    public string? Repo { get; set; }
}

/// <summary><c>#!features profile VIEW [--list] [--repo PATH]</c>.</summary>
public sealed class FeaturesProfileCommand : KernelDirectiveCommand
{
    public string? View { get; set; }
    public bool List { get; set; }
    public string? Repo { get; set; }
}

/// <summary><c>#!features drift VIEW --from X [--to Y] [--stattest T] [--threshold V] [--drift-share S] [--json] [--repo PATH]</c>.</summary>
public sealed class FeaturesDriftCommand : KernelDirectiveCommand
{
    public string? View { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Stattest { get; set; }
    public string? Threshold { get; set; }
    public string? DriftShare { get; set; }
    public bool Json { get; set; }
    public string? Repo { get; set; }
}
