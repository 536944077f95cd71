using MlNotebooks.Storage;

namespace MlNotebooks.Tests.Storage;

public sealed class OsErrorsTests
{
    [Fact]
    public void OutOfSpace_InsideAnAggregate_NamesThePathAndTheFreeSpace()
    {
        var e = new AggregateException(new OperationCanceledException(), new IOException("No space left on device : '/data/.mlnb/cache/tmp/x.tmp'", 28));

        var m = OsErrors.Translate(e)!;

        Assert.Equal(ErrorCode.StoreUnavailable, m.Code);
        Assert.StartsWith("out of space writing '/data/.mlnb/cache/tmp/x.tmp' (", m.Message);
        Assert.Contains(" free on /", m.Message);
        Assert.Contains("mlnb data gc", m.Message);
    }

    [Fact]
    public void OutOfSpace_WithTheBytesNeeded_SaysNeededAndFree()
    {
        var m = OsErrors.OutOfSpace(Path.GetTempPath(), 3L << 20);

        Assert.Contains("3.0 MiB needed, ", m.Message);
        Assert.Contains(" free on ", m.Message);
    }

    [Fact]
    public void AnMlnbExceptionInsideAnAggregate_IsReturnedAsItIs()
    {
        var inner = MlnbException.Invalid("bad thing; fix it");

        Assert.Same(inner, OsErrors.Translate(new AggregateException(new TaskCanceledException(), inner)));
    }

    [Fact]
    public void PermissionDeniedAndVanishedFiles_NameThePath()
    {
        var denied = OsErrors.Translate(new UnauthorizedAccessException("Access to the path '/srv/cache/tmp' is denied."))!;
        var vanished = OsErrors.Translate(new FileNotFoundException("Could not find file '/w/d/f1.bin'.", "/w/d/f1.bin"))!;

        Assert.Equal(ErrorCode.PermissionDenied, denied.Code);
        Assert.StartsWith("permission denied on '/srv/cache/tmp' for user ", denied.Message);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, vanished.Code);
        Assert.StartsWith("'/w/d/f1.bin' disappeared while it was being read", vanished.Message);
    }

    [Fact]
    public void ReadOnlyFileSystem_SaysHowToRemount()
    {
        var m = OsErrors.Translate(new IOException("Read-only file system : '/mnt/ws/.mlnb/cache/tmp/a.tmp'", 30))!;

        Assert.Equal(ErrorCode.PermissionDenied, m.Code);
        Assert.Contains("is on a read-only file system", m.Message);
        Assert.Contains("mount -o remount,rw", m.Message);
    }

    [Fact]
    public void ABug_IsNotAnOsCondition()
    {
        Assert.Null(OsErrors.Translate(new InvalidOperationException("Sequence contains no elements")));
        Assert.Null(OsErrors.Translate(new AggregateException(new NullReferenceException())));
    }
}
