/** The account id the embedded emulator and LocalStack answer with (and put in ARNs and queue URLs). */
export const emulatedAccountId = '000000000000';
