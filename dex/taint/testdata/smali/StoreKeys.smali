.class public final Lcase/StoreKeys;
.super Ljava/lang/Object;

.field public static final TOKEN:Landroidx/datastore/preferences/core/Preferences$Key;
.field public static final OTHER:Landroidx/datastore/preferences/core/Preferences$Key;
