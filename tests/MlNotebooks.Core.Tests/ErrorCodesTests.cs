namespace MlNotebooks.Tests;

public sealed class ErrorCodesTests
{
    [Fact]
    public void FromExitCode_IsTheInverseOfToExitCode_ForEveryCode()
    {
        foreach (var code in Enum.GetValues<ErrorCode>())
            Assert.Equal(code, ErrorCodes.FromExitCode(code.ToExitCode()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(42)]
    [InlineData(137)]
    public void FromExitCode_OfAnUnknownCode_IsAnInternalError(int exitCode) =>
        Assert.Equal(ErrorCode.InternalError, ErrorCodes.FromExitCode(exitCode));
}

public sealed class UnauthenticatedErrorCodeTests
{
    [Fact]
    public void Unauthenticated_IsMlflowsUnauthenticatedWith401AndItsOwnExitCode()
    {
        Assert.Equal(401, ErrorCode.Unauthenticated.ToHttpStatus());
        Assert.Equal("UNAUTHENTICATED", ErrorCode.Unauthenticated.ToMlflowName());
        Assert.Equal(9, ErrorCode.Unauthenticated.ToExitCode());
        Assert.Equal(ErrorCode.Unauthenticated, ErrorCodes.FromExitCode(9));
    }

    [Fact]
    public void EveryErrorCode_HasADistinctExitCodeAndMlflowName()
    {
        var codes = Enum.GetValues<ErrorCode>();
        Assert.Equal(codes.Length, codes.Select(c => c.ToExitCode()).Distinct().Count());
        Assert.Equal(codes.Length, codes.Select(c => c.ToMlflowName()).Distinct().Count());
    }
}
