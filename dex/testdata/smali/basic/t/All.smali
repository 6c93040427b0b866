.class public Lt/All;
.super Ljava/lang/Object;
.implements Ljava/lang/Runnable;
.source "All.java"

# static values of every encoded_value kind
.field public static final S_STR:Ljava/lang/String; = "static-string"
.field public static final S_BYTE:B = 0x7t
.field public static final S_SHORT:S = -0x2s
.field public static final S_CHAR:C = 'x'
.field public static final S_INT:I = 0x12345678
.field public static final S_LONG:J = -0x123456789L
.field public static final S_FLOAT:F = 1.5f
.field public static final S_DOUBLE:D = -2.25
.field public static final S_BOOL:Z = true
.field public static final S_NULL:Ljava/lang/Object; = null
.field public static final S_TYPE:Ljava/lang/Class; = Lt/All;
.field public static final S_NUL:Ljava/lang/String; = "a\u0000b"
.field public static final S_EMOJI:Ljava/lang/String; = "smile \ud83d\ude00 \u00e9 \u4e2d"
.field public static final S_LONE:Ljava/lang/String; = "lone \ud800 x"
.field public static S_NOVALUE:I

.field public fint:I
.field public static sfint:I
.field public fwide:J
.field public static sfwide:J
.field public fobject:Ljava/lang/Object;
.field public static sfobject:Ljava/lang/Object;
.field public fboolean:Z
.field public static sfboolean:Z
.field public fbyte:B
.field public static sfbyte:B
.field public fchar:C
.field public static sfchar:C
.field public fshort:S
.field public static sfshort:S

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public run()V
    .registers 1
    return-void
.end method

.method private priv()V
    .registers 1
    return-void
.end method

.method public static five(IIIII)V
    .registers 5
    return-void
.end method

.method public abstractLike()V
    .registers 1
    return-void
.end method

.method public static moves(IJLjava/lang/Object;)V
    .registers 300
    nop
    move v0, v1
    move/from16 v2, v296
    move/16 v256, v257
    move-wide v0, v2
    move-wide/from16 v4, v297
    move-wide/16 v258, v260
    move-object v0, v1
    move-object/from16 v0, v299
    move-object/16 v262, v263
    invoke-static {}, Lt/All;->consts()I
    move-result v0
    invoke-static {}, Lt/All;->wide()J
    move-result-wide v0
    invoke-static {}, Lt/All;->obj()Ljava/lang/Object;
    move-result-object v0
    return-void
.end method

.method public static consts()I
    .registers 4
    const/4 v0, -0x8
    const/16 v0, 0x7fff
    const v0, 0x12345678
    const/high16 v0, 0x7f000000
    const-wide/16 v0, -0x1
    const-wide/32 v0, 0x12345678
    const-wide v0, 0x123456789abcdef0L
    const-wide/high16 v0, 0x4000000000000000L
    const-string v2, "hello"
    const-string/jumbo v2, "jumbo"
    const-class v2, Lt/All;
    const/4 v0, 0x1
    return v0
.end method

.method public static wide()J
    .registers 2
    const-wide/16 v0, 0x1
    return-wide v0
.end method

.method public static obj()Ljava/lang/Object;
    .registers 1
    const/4 v0, 0x0
    return-object v0
.end method

.method public objs(Ljava/lang/Object;)V
    .registers 6
    monitor-enter p1
    monitor-exit p1
    check-cast p1, Ljava/lang/String;
    instance-of v0, p1, Ljava/lang/String;
    const/4 v1, 0x3
    new-array v2, v1, [I
    array-length v3, v2
    new-instance v4, Ljava/lang/Object;
    invoke-direct {v4}, Ljava/lang/Object;-><init>()V
    filled-new-array {v1, v1, v1}, [I
    move-result-object v2
    filled-new-array/range {v0 .. v1}, [I
    move-result-object v2
    fill-array-data v2, :arr
    return-void
    :arr
    .array-data 4
        0x1 0x2 0x3
    .end array-data
.end method

.method public static branches(II)I
    .registers 4
    :top
    if-eq p0, p1, :a
    if-ne p0, p1, :a
    if-lt p0, p1, :a
    if-ge p0, p1, :a
    if-gt p0, p1, :a
    if-le p0, p1, :a
    if-eqz p0, :a
    if-nez p0, :a
    if-ltz p0, :a
    if-gez p0, :a
    if-gtz p0, :a
    if-lez p0, :a
    packed-switch p0, :pswitch
    sparse-switch p0, :sswitch
    goto :a
    :a
    goto/16 :b
    :b
    goto/32 :top
    :c1
    const/4 v0, 0x1
    return v0
    :c2
    const/4 v0, 0x2
    return v0
    :pswitch
    .packed-switch 0x1
        :c1
        :c2
    .end packed-switch
    :sswitch
    .sparse-switch
        0x5 -> :c1
        0x1000 -> :c2
    .end sparse-switch
.end method

.method public static arith()V
    .registers 16
    cmpl-float v0, v1, v2
    cmpg-float v0, v1, v2
    cmpl-double v0, v2, v4
    cmpg-double v0, v2, v4
    cmp-long v0, v2, v4
    aget v0, v6, v7
    aget-wide v2, v6, v7
    aget-object v0, v6, v7
    aget-boolean v0, v6, v7
    aget-byte v0, v6, v7
    aget-char v0, v6, v7
    aget-short v0, v6, v7
    aput v0, v6, v7
    aput-wide v2, v6, v7
    aput-object v0, v6, v7
    aput-boolean v0, v6, v7
    aput-byte v0, v6, v7
    aput-char v0, v6, v7
    aput-short v0, v6, v7
    neg-int v8, v10
    not-int v8, v10
    neg-long v8, v10
    not-long v8, v10
    neg-float v8, v10
    neg-double v8, v10
    int-to-long v8, v10
    int-to-float v8, v10
    int-to-double v8, v10
    long-to-int v8, v10
    long-to-float v8, v10
    long-to-double v8, v10
    float-to-int v8, v10
    float-to-long v8, v10
    float-to-double v8, v10
    double-to-int v8, v10
    double-to-long v8, v10
    double-to-float v8, v10
    int-to-byte v8, v10
    int-to-char v8, v10
    int-to-short v8, v10
    add-int v8, v10, v12
    sub-int v8, v10, v12
    mul-int v8, v10, v12
    div-int v8, v10, v12
    rem-int v8, v10, v12
    and-int v8, v10, v12
    or-int v8, v10, v12
    xor-int v8, v10, v12
    shl-int v8, v10, v12
    shr-int v8, v10, v12
    ushr-int v8, v10, v12
    add-long v8, v10, v12
    sub-long v8, v10, v12
    mul-long v8, v10, v12
    div-long v8, v10, v12
    rem-long v8, v10, v12
    and-long v8, v10, v12
    or-long v8, v10, v12
    xor-long v8, v10, v12
    shl-long v8, v10, v12
    shr-long v8, v10, v12
    ushr-long v8, v10, v12
    add-float v8, v10, v12
    sub-float v8, v10, v12
    mul-float v8, v10, v12
    div-float v8, v10, v12
    rem-float v8, v10, v12
    add-double v8, v10, v12
    sub-double v8, v10, v12
    mul-double v8, v10, v12
    div-double v8, v10, v12
    rem-double v8, v10, v12
    add-int/2addr v8, v10
    sub-int/2addr v8, v10
    mul-int/2addr v8, v10
    div-int/2addr v8, v10
    rem-int/2addr v8, v10
    and-int/2addr v8, v10
    or-int/2addr v8, v10
    xor-int/2addr v8, v10
    shl-int/2addr v8, v10
    shr-int/2addr v8, v10
    ushr-int/2addr v8, v10
    add-long/2addr v8, v10
    sub-long/2addr v8, v10
    mul-long/2addr v8, v10
    div-long/2addr v8, v10
    rem-long/2addr v8, v10
    and-long/2addr v8, v10
    or-long/2addr v8, v10
    xor-long/2addr v8, v10
    shl-long/2addr v8, v10
    shr-long/2addr v8, v10
    ushr-long/2addr v8, v10
    add-float/2addr v8, v10
    sub-float/2addr v8, v10
    mul-float/2addr v8, v10
    div-float/2addr v8, v10
    rem-float/2addr v8, v10
    add-double/2addr v8, v10
    sub-double/2addr v8, v10
    mul-double/2addr v8, v10
    div-double/2addr v8, v10
    rem-double/2addr v8, v10
    add-int/lit16 v8, v9, -0x1234
    rsub-int v8, v9, -0x1234
    mul-int/lit16 v8, v9, -0x1234
    div-int/lit16 v8, v9, -0x1234
    rem-int/lit16 v8, v9, -0x1234
    and-int/lit16 v8, v9, -0x1234
    or-int/lit16 v8, v9, -0x1234
    xor-int/lit16 v8, v9, -0x1234
    add-int/lit8 v8, v9, -0x7f
    rsub-int/lit8 v8, v9, -0x7f
    mul-int/lit8 v8, v9, -0x7f
    div-int/lit8 v8, v9, -0x7f
    rem-int/lit8 v8, v9, -0x7f
    and-int/lit8 v8, v9, -0x7f
    or-int/lit8 v8, v9, -0x7f
    xor-int/lit8 v8, v9, -0x7f
    shl-int/lit8 v8, v9, -0x7f
    shr-int/lit8 v8, v9, -0x7f
    ushr-int/lit8 v8, v9, -0x7f
    return-void
.end method

.method public fields()V
    .registers 4
    iget v0, p0, Lt/All;->fint:I
    iput v0, p0, Lt/All;->fint:I
    sget v0, Lt/All;->sfint:I
    sput v0, Lt/All;->sfint:I
    iget-wide v0, p0, Lt/All;->fwide:J
    iput-wide v0, p0, Lt/All;->fwide:J
    sget-wide v0, Lt/All;->sfwide:J
    sput-wide v0, Lt/All;->sfwide:J
    iget-object v0, p0, Lt/All;->fobject:Ljava/lang/Object;
    iput-object v0, p0, Lt/All;->fobject:Ljava/lang/Object;
    sget-object v0, Lt/All;->sfobject:Ljava/lang/Object;
    sput-object v0, Lt/All;->sfobject:Ljava/lang/Object;
    iget-boolean v0, p0, Lt/All;->fboolean:Z
    iput-boolean v0, p0, Lt/All;->fboolean:Z
    sget-boolean v0, Lt/All;->sfboolean:Z
    sput-boolean v0, Lt/All;->sfboolean:Z
    iget-byte v0, p0, Lt/All;->fbyte:B
    iput-byte v0, p0, Lt/All;->fbyte:B
    sget-byte v0, Lt/All;->sfbyte:B
    sput-byte v0, Lt/All;->sfbyte:B
    iget-char v0, p0, Lt/All;->fchar:C
    iput-char v0, p0, Lt/All;->fchar:C
    sget-char v0, Lt/All;->sfchar:C
    sput-char v0, Lt/All;->sfchar:C
    iget-short v0, p0, Lt/All;->fshort:S
    iput-short v0, p0, Lt/All;->fshort:S
    sget-short v0, Lt/All;->sfshort:S
    sput-short v0, Lt/All;->sfshort:S
    return-void
.end method

.method public invokes()V
    .registers 8
    invoke-virtual {p0}, Lt/All;->run()V
    invoke-super {p0}, Ljava/lang/Object;->hashCode()I
    invoke-direct {p0}, Lt/All;->priv()V
    invoke-static {v0, v1, v2, v3, v4}, Lt/All;->five(IIIII)V
    invoke-interface {p0}, Ljava/lang/Runnable;->run()V
    invoke-virtual/range {p0 .. p0}, Lt/All;->run()V
    invoke-super/range {p0 .. p0}, Ljava/lang/Object;->hashCode()I
    invoke-direct/range {p0 .. p0}, Lt/All;->priv()V
    invoke-static/range {v0 .. v4}, Lt/All;->five(IIIII)V
    invoke-interface/range {p0 .. p0}, Ljava/lang/Runnable;->run()V
    const-string v0, "hello"
    return-void
.end method

.method public static tries()V
    .registers 2
    :try_start
    invoke-static {}, Lt/All;->consts()I
    :try_end
    .catch Ljava/lang/RuntimeException; {:try_start .. :try_end} :handler
    .catchall {:try_start .. :try_end} :all
    return-void
    :handler
    move-exception v0
    throw v0
    :all
    move-exception v1
    return-void
.end method

.method public native nat()V
.end method
