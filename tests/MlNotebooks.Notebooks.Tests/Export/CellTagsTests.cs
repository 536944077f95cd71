using MlNotebooks.Notebooks.Export;

namespace MlNotebooks.Notebooks.Tests.Export;

public sealed class CellTagsTests
{
    public static TheoryData<string[], bool, bool, string?> Valid => new()
    {
        { [], false, false, null },
        { ["parameters"], true, false, null },
        { ["skip"], false, true, null },
        { ["step:train"], false, false, "train" },
        { ["parameters", "step:prepare-data"], true, false, "prepare-data" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Read_AcceptsTheTagTable(string[] tags, bool parameters, bool skip, string? step)
    {
        var m = CellTags.Read(tags, 3, "var x = 1;");
        Assert.Equal((parameters, skip, step), (m.IsParameters, m.IsSkip, m.Step));
    }

    public static TheoryData<string[], string> Invalid => new()
    {
        { ["pipeline-parameters"], "cell 3 (`var x = 1;`) has unknown tag 'pipeline-parameters'; accepted tags: 'parameters', 'injected-parameters', 'skip', 'step:NAME'" },
        { ["step:Train"], "tag 'step:Train' has an invalid step name" },
        { ["step:a", "step:b"], "has two step tags ('step:a', 'step:b')" },
        { ["skip", "step:train"], "tag 'skip' cannot be combined with 'step:train'; 'skip' stands alone" },
        { ["skip", "parameters"], "tag 'skip' cannot be combined with 'parameters'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Read_RefusesUnknownTagsAndCombinationsNamingTheCell(string[] tags, string message)
    {
        var e = Assert.Throws<MlnbException>(() => CellTags.Read(tags, 3, "var x = 1;"));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Table_ListsEveryRoleOnce()
    {
        Assert.Equal(Enum.GetValues<CellRole>(), CellTags.Table.Select(r => r.Role));
        Assert.All(CellTags.Table, r => Assert.False(string.IsNullOrWhiteSpace(r.Meaning)));
    }
}
